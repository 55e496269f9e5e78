//! The client reads the real API's answers too (API.md): an account as the official schema
//! requires it, without our own fields, decodes.

use api::{Account, Role, Success};

#[test]
fn an_official_account_without_our_fields_decodes() {
    let official = serde_json::json!({
        "result": "success",
        "data": [{
            "id": 42, "name": "Muster SA", "legal_entity_type": "company", "created_at": 1294959600,
            "type": "admin", "has_2fa_required": false, "locale": "fr_FR", "language_id": 1,
            "is_customer": true, "is_sso": false, "beta": false, "support_level": 0,
            "in_process": false, "waiting_payment": false, "blocked_order_id": null,
            "website": "https://example.ch", "timezone": "Europe/Zurich"
        }]
    });
    let accounts: Success<Vec<Account>> = serde_json::from_value(official).unwrap();
    let account = &accounts.data[0];
    assert_eq!((account.id, account.role, account.currency), (42, Role::Admin, None));
    assert_eq!((account.billing, account.nb_users), (false, 0));
}
