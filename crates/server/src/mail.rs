//! The mail the server sends, in the recipient's language (`domain::language::Language`).
//! One function per message; `outbox` queues what they write.

use domain::language::Language;
use domain::role::Role;

pub(crate) struct Mail {
    pub subject: String,
    pub body: String,
}

/// R-USER-1: an invitation to join an Organization, with its link (valid 7 days, R-USER-2).
pub(crate) fn invitation(language: Language, organization: &str, url_accept: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (
            format!("Invitation to join {organization}"),
            format!("You are invited to join {organization}. Accept within 7 days: {url_accept}"),
        ),
        Language::Es => (
            format!("Invitación para unirse a {organization}"),
            format!("Le invitan a unirse a {organization}. Acepte en un plazo de 7 días: {url_accept}"),
        ),
        Language::Fr => (
            format!("Invitation à rejoindre {organization}"),
            format!("Vous êtes invité à rejoindre {organization}. Acceptez dans les 7 jours\u{a0}: {url_accept}"),
        ),
        Language::De => (
            format!("Einladung zu {organization}"),
            format!(
                "Sie sind eingeladen, {organization} beizutreten. Nehmen Sie innerhalb von 7 Tagen an: {url_accept}"
            ),
        ),
        Language::It => (
            format!("Invito a unirsi a {organization}"),
            format!("È invitato a unirsi a {organization}. Accetti entro 7 giorni: {url_accept}"),
        ),
    };
    Mail { subject, body }
}

/// R-ROLE-7: a member's role changed.
pub(crate) fn role_changed(language: Language, organization: &str, from: Role, to: Role, billing: bool) -> Mail {
    let (from, to) = (language.role_name(from), language.role_name(to));
    let (subject, body) = match language {
        Language::En => (
            format!("Your role in {organization} changed"),
            format!(
                "Your role in {organization} changed from {from} to {to}. Billing rights: {}.",
                if billing { "yes" } else { "no" }
            ),
        ),
        Language::Es => (
            format!("Su rol en {organization} ha cambiado"),
            format!(
                "Su rol en {organization} ha pasado de {from} a {to}. Derechos de facturación: {}.",
                if billing { "sí" } else { "no" }
            ),
        ),
        Language::Fr => (
            format!("Votre rôle dans {organization} a changé"),
            format!(
                "Votre rôle dans {organization} est passé de {from} à {to}. Droits de facturation\u{a0}: {}.",
                if billing { "oui" } else { "non" }
            ),
        ),
        Language::De => (
            format!("Ihre Rolle in {organization} hat sich geändert"),
            format!(
                "Ihre Rolle in {organization} wurde von {from} zu {to} geändert. Rechnungsrechte: {}.",
                if billing { "ja" } else { "nein" }
            ),
        ),
        Language::It => (
            format!("Il Suo ruolo in {organization} è cambiato"),
            format!(
                "Il Suo ruolo in {organization} è passato da {from} a {to}. Diritti di fatturazione: {}.",
                if billing { "sì" } else { "no" }
            ),
        ),
    };
    Mail { subject, body }
}

/// R-USER-2: an invitation nobody answered in time, told to the person who sent it.
pub(crate) fn invitation_expired(language: Language, organization: &str, invited: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (
            format!("The invitation of {invited} expired"),
            format!("{invited} did not answer the invitation to join {organization} within 7 days. You can invite them again from the Users page."),
        ),
        Language::Es => (
            format!("La invitación de {invited} ha caducado"),
            format!("{invited} no respondió a la invitación para unirse a {organization} en 7 días. Puede invitarle de nuevo desde la página Usuarios."),
        ),
        Language::Fr => (
            format!("L’invitation de {invited} a expiré"),
            format!("{invited} n’a pas répondu dans les 7 jours à l’invitation à rejoindre {organization}. Vous pouvez l’inviter à nouveau depuis la page Utilisateurs."),
        ),
        Language::De => (
            format!("Die Einladung von {invited} ist abgelaufen"),
            format!("{invited} hat die Einladung zu {organization} nicht innerhalb von 7 Tagen angenommen. Sie können die Person auf der Seite Benutzer erneut einladen."),
        ),
        Language::It => (
            format!("L’invito di {invited} è scaduto"),
            format!("{invited} non ha risposto entro 7 giorni all’invito a unirsi a {organization}. Può invitarlo di nuovo dalla pagina Utenti."),
        ),
    };
    Mail { subject, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_writes_its_own_mail_with_the_link_and_the_roles() {
        let mut subjects = std::collections::BTreeSet::new();
        for language in Language::ALL {
            let invited = invitation(language, "Acme", "http://x/invitations/k");
            assert!(invited.body.contains("http://x/invitations/k") && invited.body.contains("Acme"), "{language:?}");
            assert!(invited.body.contains('7'), "{language:?}: the 7 days are said");
            subjects.insert(invited.subject);
            let changed = role_changed(language, "Acme", Role::Normal, Role::Admin, true);
            assert!(changed.body.contains(language.role_name(Role::Admin)), "{language:?}: {}", changed.body);
            subjects.insert(changed.subject);
        }
        for language in Language::ALL {
            let expired = invitation_expired(language, "Acme", "zoe@example.ch");
            assert!(expired.body.contains("zoe@example.ch") && expired.body.contains("Acme"), "{language:?}");
            subjects.insert(expired.subject);
        }
        assert_eq!(subjects.len(), 15, "no two languages share a subject");
        assert_eq!(
            role_changed(Language::De, "Acme", Role::Normal, Role::Admin, false).body,
            "Ihre Rolle in Acme wurde von Mitarbeiter zu Administrator geändert. Rechnungsrechte: nein."
        );
    }
}

/// R-RENEW-1: a product renewed by itself, paid with the saved method.
pub(crate) fn renewed(language: Language, product: &str, until: &str, amount: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("{product} was renewed"), format!("{product} was renewed until {until}; {amount} was paid with your saved payment method.")),
        Language::Es => (format!("{product} se ha renovado"), format!("{product} se ha renovado hasta el {until}; se han pagado {amount} con su método de pago guardado.")),
        Language::Fr => (format!("{product} a été renouvelé"), format!("{product} a été renouvelé jusqu'au {until}\u{a0}; {amount} ont été payés avec votre moyen de paiement enregistré.")),
        Language::De => (format!("{product} wurde verlängert"), format!("{product} wurde bis {until} verlängert; {amount} wurden mit Ihrer gespeicherten Zahlungsart bezahlt.")),
        Language::It => (format!("{product} è stato rinnovato"), format!("{product} è stato rinnovato fino al {until}; {amount} sono stati pagati con il metodo di pagamento salvato.")),
    };
    Mail { subject, body }
}

/// R-RENEW-2: an automatic renewal was refused; it is tried again the next day.
pub(crate) fn renewal_failed(language: Language, product: &str, expires: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("The renewal of {product} failed"), format!("The payment for the renewal of {product} was refused. We will try again tomorrow; without payment it expires on {expires}. Check your payment method or pay the renewal yourself.")),
        Language::Es => (format!("La renovación de {product} ha fallado"), format!("El pago de la renovación de {product} ha sido rechazado. Lo intentaremos de nuevo mañana; sin pago caduca el {expires}. Revise su método de pago o pague la renovación usted mismo.")),
        Language::Fr => (format!("Le renouvellement de {product} a échoué"), format!("Le paiement du renouvellement de {product} a été refusé. Nous réessaierons demain\u{a0}; sans paiement, il expire le {expires}. Vérifiez votre moyen de paiement ou payez le renouvellement vous-même.")),
        Language::De => (format!("Die Verlängerung von {product} ist fehlgeschlagen"), format!("Die Zahlung für die Verlängerung von {product} wurde abgelehnt. Wir versuchen es morgen erneut; ohne Zahlung läuft es am {expires} ab. Prüfen Sie Ihre Zahlungsart oder bezahlen Sie die Verlängerung selbst.")),
        Language::It => (format!("Il rinnovo di {product} non è riuscito"), format!("Il pagamento del rinnovo di {product} è stato rifiutato. Riproveremo domani; senza pagamento scade il {expires}. Controlli il metodo di pagamento o paghi lei stesso il rinnovo.")),
    };
    Mail { subject, body }
}

/// R-RENEW-8: a product unpaid at expiry is blocked, then terminated after the grace period.
pub(crate) fn product_blocked(language: Language, product: &str, terminated_on: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("{product} is blocked"), format!("{product} expired without payment and is blocked. Renew it before {terminated_on}, or it is terminated.")),
        Language::Es => (format!("{product} está bloqueado"), format!("{product} ha caducado sin pago y está bloqueado. Renuévelo antes del {terminated_on} o se dará de baja.")),
        Language::Fr => (format!("{product} est bloqué"), format!("{product} a expiré sans paiement et est bloqué. Renouvelez-le avant le {terminated_on}, sinon il sera résilié.")),
        Language::De => (format!("{product} ist gesperrt"), format!("{product} ist ohne Zahlung abgelaufen und gesperrt. Verlängern Sie es vor dem {terminated_on}, sonst wird es gekündigt.")),
        Language::It => (format!("{product} è bloccato"), format!("{product} è scaduto senza pagamento ed è bloccato. Lo rinnovi prima del {terminated_on}, altrimenti verrà disattivato.")),
    };
    Mail { subject, body }
}

/// R-RENEW-8: the grace period ended without payment.
pub(crate) fn product_terminated(language: Language, product: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (
            format!("{product} was terminated"),
            format!("{product} was not renewed during its grace period and was terminated."),
        ),
        Language::Es => (
            format!("{product} se ha dado de baja"),
            format!("{product} no se renovó durante su periodo de gracia y se ha dado de baja."),
        ),
        Language::Fr => (
            format!("{product} a été résilié"),
            format!("{product} n'a pas été renouvelé pendant son délai de grâce et a été résilié."),
        ),
        Language::De => (
            format!("{product} wurde gekündigt"),
            format!("{product} wurde in der Nachfrist nicht verlängert und wurde gekündigt."),
        ),
        Language::It => (
            format!("{product} è stato disattivato"),
            format!("{product} non è stato rinnovato durante il periodo di tolleranza ed è stato disattivato."),
        ),
    };
    Mail { subject, body }
}

/// R-CAN-1: the link that confirms a cancellation, to the person who asked for it.
pub(crate) fn cancellation_link(language: Language, product: &str, organization: &str, link: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("Confirm the cancellation of {product}"), format!("You asked to cancel {product} ({organization}). Nothing changes until you confirm: {link}\nOnce confirmed, the product and its backups are deleted for good.")),
        Language::Es => (format!("Confirme la baja de {product}"), format!("Ha pedido dar de baja {product} ({organization}). No cambia nada hasta que lo confirme: {link}\nUna vez confirmada, el producto y sus copias de seguridad se eliminan definitivamente.")),
        Language::Fr => (format!("Confirmez la résiliation de {product}"), format!("Vous avez demandé la résiliation de {product} ({organization}). Rien ne change tant que vous ne confirmez pas\u{a0}: {link}\nUne fois confirmée, le produit et ses sauvegardes sont supprimés définitivement.")),
        Language::De => (format!("Bestätigen Sie die Kündigung von {product}"), format!("Sie haben die Kündigung von {product} ({organization}) beantragt. Bis zu Ihrer Bestätigung ändert sich nichts: {link}\nNach der Bestätigung werden das Produkt und seine Sicherungen endgültig gelöscht.")),
        Language::It => (format!("Confermi la disdetta di {product}"), format!("Ha chiesto la disdetta di {product} ({organization}). Nulla cambia finché non conferma: {link}\nUna volta confermata, il prodotto e i suoi backup vengono eliminati definitivamente.")),
    };
    Mail { subject, body }
}

/// R-CAN-3: a product was cancelled, told to the other owners and admins; R-CAN-2: what
/// stays due.
pub(crate) fn product_cancelled(language: Language, product: &str, organization: &str, by: &str, due: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("{product} was cancelled"), format!("{by} cancelled {product} ({organization}); it has ended, with its backups. Still due: {due}.")),
        Language::Es => (format!("{product} se ha dado de baja"), format!("{by} ha dado de baja {product} ({organization}); ha finalizado, con sus copias de seguridad. Sigue pendiente: {due}.")),
        Language::Fr => (format!("{product} a été résilié"), format!("{by} a résilié {product} ({organization})\u{a0}; il a pris fin, avec ses sauvegardes. Reste dû\u{a0}: {due}.")),
        Language::De => (format!("{product} wurde gekündigt"), format!("{by} hat {product} ({organization}) gekündigt; es wurde mit seinen Sicherungen beendet. Noch offen: {due}.")),
        Language::It => (format!("{product} è stato disdetto"), format!("{by} ha disdetto {product} ({organization}); è terminato, con i suoi backup. Ancora dovuto: {due}.")),
    };
    Mail { subject, body }
}

/// R-REC-1: the link that sets a new password, to the login email.
pub(crate) fn password_reset(language: Language, link: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => ("Set a new password".to_string(), format!("Someone, probably you, asked to reset the password of your account. This link sets a new one, once, within an hour: {link}\nIf you did not ask, ignore this mail: your password has not changed.")),
        Language::Es => ("Defina una contraseña nueva".to_string(), format!("Alguien, probablemente usted, ha pedido restablecer la contraseña de su cuenta. Este enlace define una nueva, una sola vez, durante una hora: {link}\nSi no lo ha pedido, ignore este correo: su contraseña no ha cambiado.")),
        Language::Fr => ("Définissez un nouveau mot de passe".to_string(), format!("Quelqu’un, sans doute vous, a demandé à réinitialiser le mot de passe de votre compte. Ce lien en définit un nouveau, une seule fois, pendant une heure\u{a0}: {link}\nSi vous n’avez rien demandé, ignorez ce message\u{a0}: votre mot de passe n’a pas changé.")),
        Language::De => ("Neues Passwort festlegen".to_string(), format!("Jemand, vermutlich Sie, hat das Zurücksetzen des Passworts Ihres Kontos angefordert. Dieser Link legt einmalig, innerhalb einer Stunde, ein neues fest: {link}\nWenn Sie nichts angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort ist unverändert.")),
        Language::It => ("Imposti una nuova password".to_string(), format!("Qualcuno, probabilmente Lei, ha chiesto di reimpostare la password del Suo account. Questo link ne imposta una nuova, una sola volta, entro un’ora: {link}\nSe non l’ha chiesto, ignori questa e-mail: la Sua password non è cambiata.")),
    };
    Mail { subject, body }
}

/// R-REC-2: the login of an account, asked for with its mobile number (by SMS, or to the
/// recovery email: the subject is for the mail).
pub(crate) fn forgotten_login(language: Language, login: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => ("Your login".to_string(), format!("The login of your account is {login}. If you did not ask for it, you can ignore this message.")),
        Language::Es => ("Su identificador".to_string(), format!("El identificador de su cuenta es {login}. Si no lo ha pedido, puede ignorar este mensaje.")),
        Language::Fr => ("Votre identifiant".to_string(), format!("L’identifiant de votre compte est {login}. Si vous ne l’avez pas demandé, ignorez ce message.")),
        Language::De => ("Ihr Login".to_string(), format!("Das Login Ihres Kontos ist {login}. Wenn Sie es nicht angefordert haben, ignorieren Sie diese Nachricht.")),
        Language::It => ("Il Suo login".to_string(), format!("Il login del Suo account è {login}. Se non l’ha chiesto, ignori questo messaggio.")),
    };
    Mail { subject, body }
}

/// The password was changed from a signed-in session; the other sessions ended.
pub(crate) fn password_changed(language: Language, other_sessions_ended: u64) -> Mail {
    let n = other_sessions_ended;
    let (subject, body) = match language {
        Language::En => ("Your password was changed".to_string(), format!("The password of your account was just changed, and {n} other session(s) signed out. If it was not you, reset your password at once with \"Forgot your password?\" on the log-in page.")),
        Language::Es => ("Su contraseña ha cambiado".to_string(), format!("La contraseña de su cuenta acaba de cambiar y se han cerrado {n} sesión(es) más. Si no ha sido usted, restablézcala enseguida con «¿Ha olvidado su contraseña?» en la página de inicio de sesión.")),
        Language::Fr => ("Votre mot de passe a changé".to_string(), format!("Le mot de passe de votre compte vient de changer, et {n} autre(s) session(s) ont été fermées. Si ce n’était pas vous, réinitialisez-le tout de suite avec «\u{a0}Mot de passe oublié\u{a0}?\u{a0}» sur la page de connexion.")),
        Language::De => ("Ihr Passwort wurde geändert".to_string(), format!("Das Passwort Ihres Kontos wurde soeben geändert, und {n} weitere Sitzung(en) wurden beendet. Wenn Sie es nicht waren, setzen Sie es sofort mit „Passwort vergessen?“ auf der Anmeldeseite zurück.")),
        Language::It => ("La Sua password è cambiata".to_string(), format!("La password del Suo account è appena cambiata e {n} altra/e sessione/i sono state chiuse. Se non è stato Lei, la reimposti subito con «Password dimenticata?» nella pagina di accesso.")),
    };
    Mail { subject, body }
}

/// R-SUP-1, R-SUP-3: a member let Support read some content; told to the owners, with the
/// date it closes by itself.
pub(crate) fn support_access_granted(
    language: Language,
    organization: &str,
    by: &str,
    kind: &str,
    closes: &str,
) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("Support access given in {organization}"), format!("{by} let Support read {kind} in {organization}. The access closes by itself on {closes}; it can be closed earlier on the Support access page.")),
        Language::Es => (format!("Acceso del soporte concedido en {organization}"), format!("{by} ha permitido al soporte leer {kind} en {organization}. El acceso se cierra solo el {closes}; puede cerrarse antes en la página Acceso del soporte.")),
        Language::Fr => (format!("Accès du support accordé dans {organization}"), format!("{by} a permis au support de lire {kind} dans {organization}. L’accès se ferme de lui-même le {closes}\u{a0}; il peut être fermé avant sur la page Accès du support.")),
        Language::De => (format!("Support-Zugriff in {organization} erteilt"), format!("{by} hat dem Support erlaubt, {kind} in {organization} zu lesen. Der Zugriff endet von selbst am {closes}; er kann vorher auf der Seite Support-Zugriff beendet werden.")),
        Language::It => (format!("Accesso del supporto concesso in {organization}"), format!("{by} ha permesso al supporto di leggere {kind} in {organization}. L’accesso si chiude da solo il {closes}; può essere chiuso prima nella pagina Accesso del supporto.")),
    };
    Mail { subject, body }
}

/// The name of a kind of content in a mail (R-SUP-1).
pub(crate) fn support_kind(language: Language, scope: domain::support::Scope) -> &'static str {
    use domain::support::Scope::*;
    match (language, scope) {
        (Language::En, Mail) => "the mail",
        (Language::Es, Mail) => "el correo",
        (Language::Fr, Mail) => "le courrier",
        (Language::De, Mail) => "die E-Mails",
        (Language::It, Mail) => "la posta",
        (_, Kdrive) => "kDrive",
        (_, Kchat) => "kChat",
        (Language::En, SingleEmail) => "one email",
        (Language::Es, SingleEmail) => "un correo",
        (Language::Fr, SingleEmail) => "un e-mail",
        (Language::De, SingleEmail) => "eine E-Mail",
        (Language::It, SingleEmail) => "un’e-mail",
    }
}

/// R-REC-1, R-KC-1: to the login email, when someone asks to set its password by identity
/// verification (the owner who can still read it learns of an attempt that is not theirs).
pub(crate) fn password_by_identity_asked(language: Language, reply_to: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => ("A new password was asked by identity verification".to_string(), format!("Someone sent an identity document to set a new password for your account, to be answered at {reply_to}. Nothing changes until our staff confirm the identity. If it was not you, your password still works: change it on the Security page.")),
        Language::Es => ("Se ha pedido una contraseña nueva con verificación de identidad".to_string(), format!("Alguien ha enviado un documento de identidad para definir una contraseña nueva para su cuenta, con respuesta a {reply_to}. Nada cambia hasta que nuestro personal confirme la identidad. Si no ha sido usted, su contraseña sigue funcionando: cámbiela en la página Seguridad.")),
        Language::Fr => ("Un nouveau mot de passe a été demandé par vérification d’identité".to_string(), format!("Quelqu’un a envoyé une pièce d’identité pour définir un nouveau mot de passe pour votre compte, avec réponse à {reply_to}. Rien ne change tant que notre équipe n’a pas confirmé l’identité. Si ce n’était pas vous, votre mot de passe fonctionne toujours\u{a0}: changez-le sur la page Sécurité.")),
        Language::De => ("Neues Passwort per Identitätsprüfung angefordert".to_string(), format!("Jemand hat ein Ausweisdokument gesendet, um ein neues Passwort für Ihr Konto festzulegen, mit Antwort an {reply_to}. Nichts ändert sich, bevor unser Team die Identität bestätigt. Wenn Sie es nicht waren, gilt Ihr Passwort weiter: Ändern Sie es auf der Seite Sicherheit.")),
        Language::It => ("Nuova password chiesta con verifica dell’identità".to_string(), format!("Qualcuno ha inviato un documento d’identità per impostare una nuova password per il Suo account, con risposta a {reply_to}. Nulla cambia finché il nostro personale non conferma l’identità. Se non è stata Lei, la Sua password funziona ancora: la cambi nella pagina Sicurezza.")),
    };
    Mail { subject, body }
}

/// R-KC-1: to the address given with a forgotten password, when the document sent did not
/// confirm the identity.
pub(crate) fn identity_not_confirmed(language: Language) -> Mail {
    let (subject, body) = match language {
        Language::En => ("Your identity could not be confirmed".to_string(), "The document you sent did not confirm your identity, and it has been deleted. Your password has not changed. You may send another from the page Forgot your password.".to_string()),
        Language::Es => ("No se ha podido confirmar su identidad".to_string(), "El documento que envió no ha confirmado su identidad y se ha borrado. Su contraseña no ha cambiado. Puede enviar otro desde la página ¿Ha olvidado su contraseña?".to_string()),
        Language::Fr => ("Votre identité n’a pas pu être confirmée".to_string(), "Le document envoyé n’a pas confirmé votre identité et il a été supprimé. Votre mot de passe n’a pas changé. Vous pouvez en envoyer un autre depuis la page Mot de passe oublié.".to_string()),
        Language::De => ("Ihre Identität konnte nicht bestätigt werden".to_string(), "Das gesendete Dokument hat Ihre Identität nicht bestätigt und wurde gelöscht. Ihr Passwort ist unverändert. Sie können auf der Seite Passwort vergessen ein anderes senden.".to_string()),
        Language::It => ("Non è stato possibile confermare la Sua identità".to_string(), "Il documento inviato non ha confermato la Sua identità ed è stato eliminato. La Sua password non è cambiata. Può inviarne un altro dalla pagina Password dimenticata.".to_string()),
    };
    Mail { subject, body }
}

/// R-KC-1, R-KC-3: an order is held until the payer's identity is confirmed; cancelled and
/// refunded in full on `cancel_on` if it is not.
pub(crate) fn order_held(language: Language, order_id: i64, cancel_on: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("Order {order_id}: confirm your identity"), format!("Order {order_id} is paid and held until your identity is confirmed. Send a photo of your identity card or passport from the Security page of the console. If it is not confirmed by {cancel_on}, the order is cancelled and everything paid is refunded. What you send is deleted after 72 hours if it has not been processed.")),
        Language::Es => (format!("Pedido {order_id}: confirme su identidad"), format!("El pedido {order_id} está pagado y retenido hasta que se confirme su identidad. Envíe una foto de su documento de identidad o pasaporte desde la página Seguridad de la consola. Si no se confirma antes del {cancel_on}, el pedido se cancela y se reembolsa todo lo pagado. Lo que envíe se borra a las 72 horas si no se ha tramitado.")),
        Language::Fr => (format!("Commande {order_id}\u{a0}: confirmez votre identité"), format!("La commande {order_id} est payée et retenue jusqu’à la confirmation de votre identité. Envoyez une photo de votre carte d’identité ou de votre passeport depuis la page Sécurité de la console. Sans confirmation au {cancel_on}, la commande est annulée et tout ce qui a été payé est remboursé. Ce que vous envoyez est effacé après 72\u{a0}heures s’il n’a pas été traité.")),
        Language::De => (format!("Bestellung {order_id}: Bestätigen Sie Ihre Identität"), format!("Die Bestellung {order_id} ist bezahlt und wird zurückgehalten, bis Ihre Identität bestätigt ist. Senden Sie ein Foto Ihrer Identitätskarte oder Ihres Passes über die Seite Sicherheit der Konsole. Ist sie bis zum {cancel_on} nicht bestätigt, wird die Bestellung storniert und alles Bezahlte erstattet. Was Sie senden, wird nach 72 Stunden gelöscht, wenn es nicht bearbeitet wurde.")),
        Language::It => (format!("Ordine {order_id}: confermi la Sua identità"), format!("L’ordine {order_id} è pagato e trattenuto finché la Sua identità non è confermata. Invii una foto della carta d’identità o del passaporto dalla pagina Sicurezza della console. Se non è confermata entro il {cancel_on}, l’ordine è annullato e tutto quanto pagato è rimborsato. Ciò che invia è cancellato dopo 72 ore se non è stato trattato.")),
    };
    Mail { subject, body }
}

/// R-KC-3: a held order was cancelled, and `refund` (all that was paid) paid back.
pub(crate) fn held_order_refunded(language: Language, order_id: i64, refund: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => (format!("Order {order_id} cancelled and refunded"), format!("Your identity was not confirmed for order {order_id}, so it is cancelled. {refund} is refunded to the method it was paid with.")),
        Language::Es => (format!("Pedido {order_id} cancelado y reembolsado"), format!("No se ha confirmado su identidad para el pedido {order_id}, por lo que se ha cancelado. Se reembolsan {refund} al medio con el que se pagó.")),
        Language::Fr => (format!("Commande {order_id} annulée et remboursée"), format!("Votre identité n’a pas été confirmée pour la commande {order_id}\u{a0}: elle est annulée. {refund} sont remboursés sur le moyen de paiement utilisé.")),
        Language::De => (format!("Bestellung {order_id} storniert und erstattet"), format!("Ihre Identität wurde für die Bestellung {order_id} nicht bestätigt, daher ist sie storniert. {refund} werden auf das verwendete Zahlungsmittel erstattet.")),
        Language::It => (format!("Ordine {order_id} annullato e rimborsato"), format!("La Sua identità non è stata confermata per l’ordine {order_id}, che è quindi annullato. {refund} sono rimborsati sul mezzo con cui è stato pagato.")),
    };
    Mail { subject, body }
}

/// R-REC-3: the mailbox of the login was deleted; the temporary login, sent by SMS (the body)
/// and to the recovery email.
pub(crate) fn temporary_login(language: Language, old_login: &str, login: &str) -> Mail {
    let (subject, body) = match language {
        Language::En => ("Your account's temporary login".to_string(), format!("The mailbox {old_login} no longer exists, so it no longer logs you in. Log in with the temporary login {login} and your usual password, then choose a new login email.")),
        Language::Es => ("Identificador temporal de su cuenta".to_string(), format!("El buzón {old_login} ya no existe, así que ya no sirve para iniciar sesión. Inicie sesión con el identificador temporal {login} y su contraseña habitual, y elija un nuevo correo de inicio de sesión.")),
        Language::Fr => ("Identifiant temporaire de votre compte".to_string(), format!("La boîte {old_login} n’existe plus et ne permet plus de vous connecter. Connectez-vous avec l’identifiant temporaire {login} et votre mot de passe habituel, puis choisissez une nouvelle adresse de connexion.")),
        Language::De => ("Temporäres Login Ihres Kontos".to_string(), format!("Das Postfach {old_login} existiert nicht mehr und meldet Sie nicht mehr an. Melden Sie sich mit dem temporären Login {login} und Ihrem üblichen Passwort an und wählen Sie dann eine neue Login-E-Mail.")),
        Language::It => ("Login temporaneo del Suo account".to_string(), format!("La casella {old_login} non esiste più e non permette più di accedere. Acceda con il login temporaneo {login} e la Sua password abituale, poi scelga una nuova e-mail di accesso.")),
    };
    Mail { subject, body }
}
