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
