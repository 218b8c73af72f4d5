//! Eligibility of an organisation for an account (R-7.2).

use serde::{Deserialize, Serialize};

/// What kind of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// A public body: state service, local authority, public establishment.
    PublicBody,
    /// A non-profit association.
    Association,
    /// A company (including mixed-economy and public-service delegation companies).
    Company,
    /// Anything else (foundation, cooperative, …).
    Other,
}

/// An organisation as the pipeline describes it (R-7.2).
///
/// JSON: `{"id": "org-7", "name": "Les Restos du Cœur 59", "kind": "association",
/// "public_service_mission": true, "attestation": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Host-chosen, non-empty.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its kind.
    pub kind: OrganisationKind,
    /// Whether it declares a public-service mission (default `false`).
    #[serde(default)]
    pub public_service_mission: bool,
    /// Whether it provided the attestation of its public-service mission
    /// (required of associations; default `false`).
    #[serde(default)]
    pub attestation: bool,
}

/// Why an organisation is eligible or not (R-7.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityReason {
    /// Eligible: a public body.
    PublicBody,
    /// Eligible: a company or other body with a public-service mission.
    PublicServiceMission,
    /// Eligible: an association that provided its attestation.
    AttestedAssociation,
    /// Not eligible: an association declaring a public-service mission without the attestation.
    MissingAttestation,
    /// Not eligible: no public-service mission.
    NotPublicService,
}

impl EligibilityReason {
    /// The lower-snake name.
    pub fn as_str(self) -> &'static str {
        match self {
            EligibilityReason::PublicBody => "public_body",
            EligibilityReason::PublicServiceMission => "public_service_mission",
            EligibilityReason::AttestedAssociation => "attested_association",
            EligibilityReason::MissingAttestation => "missing_attestation",
            EligibilityReason::NotPublicService => "not_public_service",
        }
    }
}

/// The verdict of [`eligibility`]. JSON: `{"eligible": false, "reason": "missing_attestation"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// Whether an account may be created.
    pub eligible: bool,
    /// Why.
    pub reason: EligibilityReason,
}

/// Whether `organisation` may have an account (R-7.2): public bodies, and
/// bodies with a public-service mission; an association must provide an
/// attestation (the attestation is what shows an association's mission, so
/// an attested association is eligible whatever its declared flag).
///
/// ```
/// use filrouge::pipeline::{eligibility, EligibilityReason, Organisation, OrganisationKind};
/// let club = Organisation { id: "a1".into(), name: "Club".into(), kind: OrganisationKind::Association,
///                           public_service_mission: true, attestation: false };
/// let e = eligibility(&club);
/// assert!(!e.eligible);
/// assert_eq!(e.reason, EligibilityReason::MissingAttestation);
/// ```
pub fn eligibility(organisation: &Organisation) -> Eligibility {
    use EligibilityReason::*;
    let reason = match organisation.kind {
        OrganisationKind::PublicBody => PublicBody,
        OrganisationKind::Association if organisation.attestation => AttestedAssociation,
        OrganisationKind::Association if organisation.public_service_mission => MissingAttestation,
        OrganisationKind::Association => NotPublicService,
        OrganisationKind::Company | OrganisationKind::Other if organisation.public_service_mission => {
            PublicServiceMission
        }
        OrganisationKind::Company | OrganisationKind::Other => NotPublicService,
    };
    Eligibility { eligible: matches!(reason, PublicBody | PublicServiceMission | AttestedAssociation), reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(kind: OrganisationKind, mission: bool, attestation: bool) -> Organisation {
        Organisation { id: "o".into(), name: String::new(), kind, public_service_mission: mission, attestation }
    }

    #[test]
    fn r_7_2_every_case() {
        use EligibilityReason as R;
        use OrganisationKind as K;
        let cases = [
            (K::PublicBody, false, false, true, R::PublicBody),
            (K::Association, true, true, true, R::AttestedAssociation),
            (K::Association, false, true, true, R::AttestedAssociation),
            (K::Association, true, false, false, R::MissingAttestation),
            (K::Association, false, false, false, R::NotPublicService),
            (K::Company, true, false, true, R::PublicServiceMission),
            (K::Company, false, true, false, R::NotPublicService),
            (K::Other, true, false, true, R::PublicServiceMission),
            (K::Other, false, false, false, R::NotPublicService),
        ];
        for (kind, mission, att, eligible, reason) in cases {
            let e = eligibility(&org(kind, mission, att));
            assert_eq!((e.eligible, e.reason), (eligible, reason), "{kind:?} mission={mission} attestation={att}");
        }
    }
}
