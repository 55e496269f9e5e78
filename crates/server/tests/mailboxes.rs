//! Mailboxes and the login password (R-ID-1, R-ID-2) over real HTTP and the database: a Mail
//! Service's mailbox with a password of its own, used in webmail by proving that password;
//! changing one password leaves the other until they are unified, which is offered only when
//! the login is the mailbox, one account uses it and may change its password; then changing
//! either changes both.

mod common;

use api::{
    AttachMailboxRequest, ClientError, MailboxPasswordRequest, NewMailboxRequest, Role, UnifyPasswordsRequest,
    UpdateAccountUserRequest, UpdateProfileRequest,
};
use common::{api_error, demo, product, TestServer, PASSWORD};

const MAILBOX_PASSWORD: &str = "the mailbox's own password";

fn field_error(error: ClientError) -> (u16, String, String) {
    match error {
        ClientError::Api { status, error } => {
            let first = error.errors.first().expect("a field error");
            (status, first.context.attribute.clone(), first.code.clone())
        }
        other => panic!("not an API error: {other:?}"),
    }
}

fn attach(email: &str, password: &str) -> AttachMailboxRequest {
    AttachMailboxRequest { email: email.into(), password: password.into(), is_primary: Some(true) }
}

#[tokio::test]
async fn r_id_1_and_r_id_2_passwords_stay_apart_until_unified_then_move_together() {
    // R-ID-1, R-ID-2
    let server = TestServer::demo().await;
    let (owner, company, _) = demo(&server).await;
    let service = common::mail_service(&owner, company, "assoziation.ch").await;
    let new = |address: &str, password: &str| NewMailboxRequest { address: address.into(), password: password.into() };

    // A mailbox of the service: at its domain, with a password that follows the rule, once.
    let refused =
        [(new("anna@elsewhere.ch", MAILBOX_PASSWORD), "address"), (new("anna@assoziation.ch", "short"), "password")];
    for (request, attribute) in refused {
        let (status, field, _) = field_error(owner.create_mailbox(company, service, &request).await.unwrap_err());
        assert_eq!((status, field.as_str()), (422, attribute));
    }
    let drive = product(&owner, company, "Team drive").await;
    let (status, field, _) = field_error(
        owner.create_mailbox(company, drive.id, &new("x@assoziation.ch", MAILBOX_PASSWORD)).await.unwrap_err(),
    );
    assert_eq!((status, field.as_str()), (422, "product"), "a kDrive has no mailboxes");
    let mailbox = owner.create_mailbox(company, service, &new("Anna@Assoziation.ch", MAILBOX_PASSWORD)).await.unwrap();
    assert_eq!(mailbox.email, "anna@assoziation.ch");
    let again = owner.create_mailbox(company, service, &new("anna@assoziation.ch", MAILBOX_PASSWORD)).await;
    assert_eq!(api_error(again.unwrap_err()).0, 409);

    // Anna's login is that mailbox; she uses it in webmail by its own password.
    let (anna, anna_id) = common::join(&server, &owner, company, "anna@assoziation.ch", Role::Normal).await;
    let wrong = field_error(anna.attach_mailbox(&attach("anna@assoziation.ch", PASSWORD)).await.unwrap_err());
    assert_eq!(wrong, (422, "password".into(), "wrong_password".into()), "the login password is not the mailbox's");
    let unknown = field_error(anna.attach_mailbox(&attach("nobody@assoziation.ch", PASSWORD)).await.unwrap_err());
    assert_eq!(unknown, wrong, "the same answer for a mailbox that does not exist");
    let used = anna.attach_mailbox(&attach("anna@assoziation.ch", MAILBOX_PASSWORD)).await.unwrap();
    assert!(used.is_primary && !used.unified);

    // A collaborator without the service may not change its passwords: not offered.
    assert!(!used.may_unify);
    let unify = UnifyPasswordsRequest { current_password: PASSWORD.into() };
    let (status, code, context) = api_error(anna.unify_mailbox_password(used.id, &unify).await.unwrap_err());
    assert_eq!((status, code.as_str()), (422, "password_unification_not_offered"));
    assert_eq!(context, serde_json::json!({"login_is_mailbox": true, "only_user": true, "may_change_password": false}));
    let change = MailboxPasswordRequest { password: "a second mailbox password".into() };
    assert_eq!(api_error(anna.update_mailbox_password(used.id, &change).await.unwrap_err()).0, 403);

    // Given the service: she changes the mailbox's password; her login password stays (R-ID-1).
    let give = UpdateAccountUserRequest { product_ids: Some(vec![service]), ..Default::default() };
    owner.update_account_user(company, anna_id, &give).await.unwrap();
    assert!(anna.my_mailboxes().await.unwrap()[0].may_unify);
    assert!(anna.update_mailbox_password(used.id, &change).await.unwrap());
    server.client().log_in("anna@assoziation.ch", PASSWORD, None).await.expect("the login password is unchanged");
    // A second account using the mailbox: unifying is no longer offered (R-ID-2).
    owner.attach_mailbox(&attach("anna@assoziation.ch", &change.password)).await.expect("the mailbox's new password");
    assert!(!anna.my_mailboxes().await.unwrap()[0].may_unify);
    assert!(owner.unlink_mailbox(used.id).await.unwrap());
    assert!(anna.my_mailboxes().await.unwrap()[0].may_unify);

    // Unified, with her login password asked again.
    let wrong = UnifyPasswordsRequest { current_password: "not it".into() };
    let (status, field, code) = field_error(anna.unify_mailbox_password(used.id, &wrong).await.unwrap_err());
    assert_eq!((status, field.as_str(), code.as_str()), (422, "current_password", "wrong_password"));
    assert!(anna.unify_mailbox_password(used.id, &unify).await.unwrap());
    let listed = &anna.my_mailboxes().await.unwrap()[0];
    assert!(listed.unified && !listed.may_unify);

    // Now the login password changes the mailbox's (R-ID-1)...
    let new_login = "a new login passphrase";
    let request = UpdateProfileRequest {
        current_password: Some(PASSWORD.into()),
        password: Some(new_login.into()),
        ..Default::default()
    };
    anna.set_profile(&request).await.unwrap();
    owner.attach_mailbox(&attach("anna@assoziation.ch", new_login)).await.expect("the mailbox took the login's");
    // ...and the mailbox's changes the login's.
    let both = MailboxPasswordRequest { password: "one password for both".into() };
    assert!(anna.update_mailbox_password(used.id, &both).await.unwrap());
    server.client().log_in("anna@assoziation.ch", &both.password, None).await.expect("the login took the mailbox's");
}
