//! Net Promoter Score classes (R-6.2).

use super::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The class of a 0–10 recommendation answer (R-6.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NpsClass {
    /// 0 to 6.
    Detractor,
    /// 7 or 8.
    Passive,
    /// 9 or 10.
    Promoter,
}

impl NpsClass {
    /// The class of a score (R-6.2): 9–10 promoter, 7–8 passive, 0–6
    /// detractor; anything above 10 is [`Error::InvalidNpsAnswer`].
    pub fn from_score(score: u8) -> Result<NpsClass, Error> {
        match score {
            0..=6 => Ok(NpsClass::Detractor),
            7..=8 => Ok(NpsClass::Passive),
            9..=10 => Ok(NpsClass::Promoter),
            _ => Err(Error::InvalidNpsAnswer { answer: score.to_string() }),
        }
    }

    /// The lower-snake name (`promoter`, `passive`, `detractor`).
    pub fn as_str(self) -> &'static str {
        match self {
            NpsClass::Detractor => "detractor",
            NpsClass::Passive => "passive",
            NpsClass::Promoter => "promoter",
        }
    }
}

impl std::fmt::Display for NpsClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The NPS class of a survey answer as the survey tool delivers it (R-6.2).
///
/// The answer must be a JSON number with a whole value from 0 to 10
/// (`9` and `9.0` are the same number in JSON); `11`, `-1`, `7.5`, `"9"`,
/// `null`, a list or an object are [`Error::InvalidNpsAnswer`].
///
/// ```
/// use filrouge::trigger::{nps_class, NpsClass};
/// assert_eq!(nps_class(&serde_json::json!(9)).unwrap(), NpsClass::Promoter);
/// assert_eq!(nps_class(&serde_json::json!(7)).unwrap(), NpsClass::Passive);
/// assert_eq!(nps_class(&serde_json::json!(6)).unwrap(), NpsClass::Detractor);
/// assert_eq!(nps_class(&serde_json::json!(7.5)).unwrap_err().code(), "invalid_nps_answer");
/// ```
pub fn nps_class(answer: &Value) -> Result<NpsClass, Error> {
    let invalid = || Error::InvalidNpsAnswer { answer: answer.to_string() };
    let Value::Number(n) = answer else {
        return Err(invalid());
    };
    let score = if let Some(u) = n.as_u64() {
        u
    } else {
        match n.as_f64() {
            Some(f) if f.fract() == 0.0 && (0.0..=10.0).contains(&f) => f as u64,
            _ => return Err(invalid()),
        }
    };
    match u8::try_from(score) {
        Ok(s) if s <= 10 => NpsClass::from_score(s),
        _ => Err(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn r_6_2_every_score_has_its_class() {
        let classes: Vec<NpsClass> = (0..=10).map(|s| nps_class(&json!(s)).unwrap()).collect();
        assert_eq!(classes[..7], [NpsClass::Detractor; 7]);
        assert_eq!(classes[7..9], [NpsClass::Passive; 2]);
        assert_eq!(classes[9..], [NpsClass::Promoter; 2]);
    }

    #[test]
    fn r_6_2_anything_else_is_invalid() {
        for bad in [json!(11), json!(-1), json!(7.5), json!("9"), json!(null), json!([9]), json!(true), json!(1e300)] {
            let err = nps_class(&bad).unwrap_err();
            assert_eq!(err.code(), "invalid_nps_answer", "{bad}");
            assert_eq!(err.rule(), "R-6.2");
        }
        assert_eq!(NpsClass::from_score(11).unwrap_err().code(), "invalid_nps_answer");
    }

    #[test]
    fn r_6_2_whole_floats_are_scores() {
        assert_eq!(nps_class(&json!(9.0)).unwrap(), NpsClass::Promoter);
        assert_eq!(nps_class(&json!(0.0)).unwrap(), NpsClass::Detractor);
        assert_eq!(nps_class(&json!(-0.0)).unwrap(), NpsClass::Detractor);
    }

    #[test]
    fn r_6_2_error_message_names_the_answer() {
        assert_eq!(
            nps_class(&json!("9")).unwrap_err().to_string(),
            "NPS answer \"9\" is not a whole number from 0 to 10"
        );
    }
}
