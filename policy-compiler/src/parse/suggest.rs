//! "Did you mean": the closest of some known names to a misspelt one.
//!
//! Names are compared case-insensitively by optimal string alignment distance (edits:
//! insert, delete, substitute, swap two neighbours). A candidate is suggested only when
//! it is within a third of the misspelt name's length (at least one edit, but fewer than
//! the name has characters), so that
//! `oss:GetObjet` suggests `oss:GetObject` but `oss:Frobnicate` suggests nothing. The cost
//! is bounded whatever the input: a candidate whose length differs from the name's by
//! more than the allowed distance is skipped without comparing.

/// The candidate closest to `name`, when one is close enough; the first of equals wins.
pub(crate) fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let length = lower.chars().count();
    // At least one edit, but never as many as the name has characters.
    let allowed = (length / 3).max(1).min(length.saturating_sub(1));
    let mut best: Option<(usize, &'c str)> = None;
    for candidate in candidates {
        if candidate.chars().count().abs_diff(length) > allowed {
            continue;
        }
        let distance = strsim::osa_distance(&lower, &candidate.to_lowercase());
        if distance <= allowed && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["Effect", "Action", "NotAction", "Resource", "Condition", "StringEquals", "StringLike"];

    #[test]
    fn suggests_only_close_names() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Condtion", Some("Condition")),
            ("effect", Some("Effect")),
            ("EFFECT", Some("Effect")),
            ("Efect", Some("Effect")),
            ("Ressource", Some("Resource")),
            ("NotActoin", Some("NotAction")),
            ("StringEqual", Some("StringEquals")),
            ("Actions", Some("Action")),
            ("Comment", None),
            ("Id", None),
            ("", None),
            ("x", None),
            ("A", None),
            ("Ab", None),
        ];
        for &(name, expected) in cases {
            assert_eq!(closest(name, NAMES.iter().copied()), expected, "{name}");
        }
    }

    #[test]
    fn a_long_name_is_not_compared() {
        let long = "Condition".repeat(10_000);
        assert_eq!(closest(&long, NAMES.iter().copied()), None);
    }
}
