//! The console's WASM keeps its relocations (`--emit-relocs`): `cargo xtask build-app` needs
//! them to split it at the lazy routes (xtask/src/bundle.rs), and the split drops them. Only
//! for this binary: an app that embeds the components (examples/embed) links without them.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=app=--emit-relocs");
    }
}
