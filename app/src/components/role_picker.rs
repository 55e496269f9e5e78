use crate::components::SelectField;
use crate::pages::organizations::role_label;
use domain::role::{authorize, Action, Member, Role};
use leptos::prelude::*;

/// A `<select>` of the roles (R-ROLE-1), named as the language shown names them. Given `me`,
/// it offers only the roles `me` may give a new member (R-ROLE-2: only a legal representative
/// names another); without, all four.
///
/// ```no_run
/// use app::components::RolePicker;
/// use leptos::prelude::*;
///
/// # fn sample() -> impl IntoView {
/// let role = RwSignal::new("normal".to_string());
/// view! { <RolePicker label="Role" id="role" value=role /> }
/// # }
/// ```
#[component]
pub fn RolePicker(
    /// The visible label, also the accessible name.
    #[prop(into)]
    label: String,
    /// The select's id.
    #[prop(into)]
    id: String,
    /// The chosen role (`owner`, `admin`, `normal`, `external`), two-way bound.
    value: RwSignal<String>,
    /// The member choosing, to offer only what they may give.
    #[prop(optional)]
    me: Option<Member>,
) -> impl IntoView {
    let options: Vec<(String, String)> = Role::ALL
        .into_iter()
        .filter(|role| me.is_none_or(|me| authorize(&me, Action::AddUser { role: *role }).is_ok()))
        .map(|role| (role.as_str().to_string(), role_label(role).to_string()))
        .collect();
    view! { <SelectField label=label id=id value=value options=options /> }
}
