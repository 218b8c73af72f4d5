//! Restitution filters: which captured contacts a history shows (R-2.1 … ).

use super::model::{CallOutcome, Channel, Contact, Direction, Restitution};
use serde::{Deserialize, Serialize};

/// Why a contact is hidden from histories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenReason {
    /// an outbound call shorter than the minimum.
    ShortOutboundCall,
    /// a mail whose subject starts with an excluded word.
    PrivateSubject,
    /// a mail-brick notice on a topic not shown.
    NotificationTopic,
    /// a letter of a kind not shown.
    LetterKind,
}

/// The restitution verdict on one contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visibility {
    /// Whether histories show the contact.
    pub visible: bool,
    /// Why not, when hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<HiddenReason>,
    /// Inbound calls: the outcome, when it is known or can be derived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_outcome: Option<CallOutcome>,
}

/// Applies … to one contact.
pub fn restitution(contact: &Contact, filters: &Restitution) -> Visibility {
    let hidden = hidden_reason(contact, filters);
    Visibility { visible: hidden.is_none(), reason: hidden, call_outcome: call_outcome(contact) }
}

/// The reason a contact is hidden, or `None` when histories show it.
pub fn hidden_reason(contact: &Contact, filters: &Restitution) -> Option<HiddenReason> {
    match contact.channel {
        // every inbound call is shown, unanswered and short ones included.
        Channel::Phone
            if contact.direction == Direction::Outbound
                && contact.duration_s.unwrap_or(0) < filters.min_outbound_call_s =>
        {
            Some(HiddenReason::ShortOutboundCall)
        }
        Channel::Email => contact
            .subject
            .as_deref()
            .filter(|s| is_private_subject(s, &filters.excluded_subject_words))
            .map(|_| HiddenReason::PrivateSubject),
        Channel::Notification => {
            let shown = contact.notification_topic.as_ref().is_some_and(|t| filters.notification_topics.contains(t));
            (!shown).then_some(HiddenReason::NotificationTopic)
        }
        Channel::Letter => {
            let shown = contact.letter_kind.as_ref().is_some_and(|k| filters.letter_kinds.contains(k));
            (!shown).then_some(HiddenReason::LetterKind)
        }
        _ => None,
    }
}

/// the outcome of an inbound call. A given `call_outcome` stands;
/// otherwise it is derived: picked up → `answered`; the caller stayed until
/// voicemail started (`duration_s ≥ voicemail_at_s`) → `voicemail_left`,
/// message or not; hung up before → `unanswered`.
pub fn call_outcome(contact: &Contact) -> Option<CallOutcome> {
    if contact.channel != Channel::Phone || contact.direction != Direction::Inbound {
        return None;
    }
    if contact.call_outcome.is_some() {
        return contact.call_outcome;
    }
    match (contact.answered, contact.voicemail_at_s) {
        (Some(true), _) => Some(CallOutcome::Answered),
        (_, Some(voicemail_at)) if contact.duration_s.unwrap_or(0) >= voicemail_at => Some(CallOutcome::VoicemailLeft),
        (Some(false), _) | (_, Some(_)) => Some(CallOutcome::Unanswered),
        (None, None) => None,
    }
}

/// whether a subject, after any number of leading reply/forward
/// prefixes, starts with one of `words` (case- and accent-insensitive,
/// ending at a word boundary).
pub fn is_private_subject(subject: &str, words: &[String]) -> bool {
    let folded = fold(subject);
    let rest = strip_reply_prefixes(&folded);
    words.iter().any(|w| {
        let w = fold(w.trim());
        !w.is_empty()
            && rest.starts_with(&w)
            && (!w.chars().last().is_some_and(char::is_alphanumeric)
                || !rest[w.len()..].chars().next().is_some_and(char::is_alphanumeric))
    })
}

/// Reply and forward markers, folded (`Re:`, `TR:`, `Fwd:`, `Fw:`, `Réf:`, `AW:`, `WG:`, `RV:`).
const REPLY_PREFIXES: &[&str] = &["re", "tr", "fwd", "fw", "ref", "rep", "aw", "wg", "rv", "enc"];

/// Strips `prefix[n] :` markers (spaces allowed around the colon) any number of times.
fn strip_reply_prefixes(folded: &str) -> &str {
    let mut rest = folded.trim_start();
    'outer: loop {
        for p in REPLY_PREFIXES {
            if let Some(after) = rest.strip_prefix(p) {
                let mut after = after.trim_start();
                // An optional counter: "Re[2]:" or "Re(2):".
                if let Some(inner) = after.strip_prefix(['[', '(']) {
                    let digits = inner.trim_start_matches(|c: char| c.is_ascii_digit());
                    if digits.len() < inner.len() {
                        if let Some(closed) = digits.strip_prefix([']', ')']) {
                            after = closed.trim_start();
                        }
                    }
                }
                if let Some(after_colon) = after.strip_prefix(':') {
                    rest = after_colon.trim_start();
                    continue 'outer;
                }
            }
        }
        return rest;
    }
}

/// Lower-cases and strips diacritics (precomposed Latin letters and
/// combining marks), so `Privé`, `PRIVE` and `prive\u{301}` compare equal.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue; // combining diacritical mark
        }
        for lower in c.to_lowercase() {
            match lower {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
                'ç' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' => out.push('e'),
                'ì' | 'í' | 'î' | 'ï' => out.push('i'),
                'ñ' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
                'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                other => out.push(other),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(s: &str) -> bool {
        is_private_subject(s, &Restitution::default().excluded_subject_words)
    }

    #[test]
    fn r_2_3_prefixes_any_number_of_times() {
        assert!(private("Re: TR: [spam douteux] gagnez"));
        assert!(private("RE : Fwd:Fw: re[2]: Perso: rdv"));
        assert!(private("  privé"));
        assert!(private("PRIVE\u{301} et confidentiel"));
    }

    #[test]
    fn r_2_3_word_boundary() {
        assert!(!private("Personnalisation de votre carte"));
        assert!(private("Perso: rdv"));
        assert!(private("Personnel"));
        assert!(!private("Re: Secretariat"));
    }

    #[test]
    fn r_2_3_changed_reply_subject_is_visible() {
        assert!(!private("Re: votre rendez-vous (was: Perso)"));
        assert!(!private("Rendez-vous: Perso"));
    }
}
