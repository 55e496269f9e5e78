//! Several things chosen at once, one checkbox each (a team's members and products, a
//! member's products, the teams an invitation names): the ids chosen kept in one signal.

use leptos::prelude::*;

/// One checkbox per `(id, label)`, checked while `chosen` holds its id. Each box's id is
/// `<prefix>-<id>`, so that its `<label>` names it for people, screen readers and tests.
#[component]
pub fn CheckList(
    /// What can be chosen: its id and its visible name.
    items: Vec<(i64, String)>,
    /// The ids chosen, two-way bound.
    chosen: RwSignal<Vec<i64>>,
    /// Makes the boxes' ids unique on the page.
    #[prop(into)]
    prefix: String,
) -> impl IntoView {
    items
        .into_iter()
        .map(|(id, label)| {
            let box_id = format!("{prefix}-{id}");
            view! {
                <div class="check">
                    <input
                        type="checkbox"
                        id=box_id.clone()
                        prop:checked=move || chosen.with(|c| c.contains(&id))
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            chosen.update(|c| {
                                c.retain(|x| *x != id);
                                if on {
                                    c.push(id);
                                }
                            });
                        }
                    />
                    <label for=box_id>{label}</label>
                </div>
            }
        })
        .collect_view()
}
