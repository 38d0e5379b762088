"""Closed sets of the rules language.

Every term a rule file or a situation may use is a member of one of these enums, so a typo
("formr_spouse") is an error at load time instead of an option that silently never matches.
`rules/vocabulary.yaml` carries the plain-language English and Spanish label and a one-line
definition of each term; a test keeps the two in step.
"""

from __future__ import annotations

from enum import Enum


class Term(str, Enum):
    """A vocabulary term: a string enum whose value is its id in YAML and JSON."""

    def __str__(self) -> str:  # pragma: no cover - cosmetic
        return self.value


class Relationship(Term):
    """How the person asking for protection knows the other person."""

    SPOUSE = "spouse"
    FORMER_SPOUSE = "former_spouse"
    REGISTERED_PARTNER = "registered_partner"
    FORMER_REGISTERED_PARTNER = "former_registered_partner"
    DATING = "dating"
    FORMER_DATING = "former_dating"
    ENGAGED = "engaged"
    FORMER_ENGAGED = "former_engaged"
    CHILD_IN_COMMON = "child_in_common"
    PREGNANCY_IN_COMMON = "pregnancy_in_common"
    COHABITANT = "cohabitant"
    FORMER_COHABITANT = "former_cohabitant"
    HOUSEHOLD_MEMBER = "household_member"
    FORMER_HOUSEHOLD_MEMBER = "former_household_member"
    ROOMMATE = "roommate"
    PARENT = "parent"
    CHILD = "child"
    STEPPARENT = "stepparent"
    STEPCHILD = "stepchild"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE_BLOOD = "other_relative_blood"
    RELATIVE_BY_MARRIAGE = "relative_by_marriage"
    IN_LAW = "in_law"
    GUARDIAN = "guardian"
    CAREGIVER = "caregiver"
    COWORKER = "coworker"
    EMPLOYER = "employer"
    CLASSMATE = "classmate"
    NEIGHBOR = "neighbor"
    ACQUAINTANCE = "acquaintance"
    STRANGER = "stranger"
    OTHER = "other"


#: Relationships that are over. When one of these is named and `relationship_ended_on` is
#: unknown, a look-back window on the end of the relationship cannot be decided.
ENDED_RELATIONSHIPS = frozenset(
    {
        Relationship.FORMER_SPOUSE,
        Relationship.FORMER_REGISTERED_PARTNER,
        Relationship.FORMER_DATING,
        Relationship.FORMER_ENGAGED,
        Relationship.FORMER_COHABITANT,
        Relationship.FORMER_HOUSEHOLD_MEMBER,
    }
)


class Conduct(Term):
    """What the other person did."""

    PHYSICAL_ABUSE = "physical_abuse"
    STRANGULATION = "strangulation"
    SEXUAL_ASSAULT = "sexual_assault"
    THREATS = "threats"
    STALKING = "stalking"
    HARASSMENT = "harassment"
    CYBER_HARASSMENT = "cyber_harassment"
    PROPERTY_DAMAGE = "property_damage"
    INTERFERENCE_WITH_PROPERTY = "interference_with_property"
    COERCIVE_CONTROL = "coercive_control"
    FALSE_IMPRISONMENT = "false_imprisonment"
    UNWANTED_CONTACT = "unwanted_contact"
    FOLLOWING = "following"
    SURVEILLANCE = "surveillance"
    UNWANTED_GIFTS_OR_LETTERS = "unwanted_gifts_or_letters"
    LOITERING_NEAR_ME = "loitering_near_me"
    ANIMAL_ABUSE = "animal_abuse"
    CHILD_ABUSE = "child_abuse"
    FINANCIAL_EXPLOITATION = "financial_exploitation"
    FIREARM_THREAT = "firearm_threat"
    INTIMIDATION = "intimidation"
    TRAFFICKING = "trafficking"
    NEGLECT = "neglect"


class OrderKind(Term):
    """The family an order belongs to, across states."""

    DOMESTIC_VIOLENCE = "domestic_violence"
    DATING_VIOLENCE = "dating_violence"
    SEXUAL_ASSAULT = "sexual_assault"
    STALKING = "stalking"
    HARASSMENT = "harassment"
    REPEAT_VIOLENCE = "repeat_violence"
    VULNERABLE_ADULT = "vulnerable_adult"
    CHILD_ABUSE = "child_abuse"
    WORKPLACE_VIOLENCE = "workplace_violence"
    SCHOOL_VIOLENCE = "school_violence"
    EXTREME_RISK = "extreme_risk"


class PetitionerRole(Term):
    """Who is filing, relative to the person to be protected."""

    SELF = "self"
    PARENT_OR_GUARDIAN_OF_MINOR = "parent_or_guardian_of_minor"
    GUARDIAN_OF_ADULT = "guardian_of_adult"
    EMPLOYER = "employer"
    SCHOOL = "school"
    HOUSEHOLD_MEMBER = "household_member"
    LAW_ENFORCEMENT = "law_enforcement"
    OTHER = "other"


class CourtLevel(Term):
    """The kind of court that hears a petition."""

    SUPREME = "supreme"
    SUPERIOR = "superior"
    CIRCUIT = "circuit"
    DISTRICT = "district"
    COUNTY = "county"
    FAMILY = "family"
    JUVENILE = "juvenile"
    PROBATE = "probate"
    MUNICIPAL = "municipal"
    JUSTICE = "justice"
    MAGISTRATE = "magistrate"
    GENERAL_DISTRICT = "general_district"
    JUVENILE_AND_DOMESTIC_RELATIONS = "juvenile_and_domestic_relations"
    COMMON_PLEAS = "common_pleas"
    BOSTON_MUNICIPAL = "boston_municipal"
    CRIMINAL = "criminal"
    OTHER = "other"


class EvidenceKind(Term):
    """Kinds of proof that help a petition."""

    MESSAGES = "messages"
    EMAILS = "emails"
    SOCIAL_MEDIA_POSTS = "social_media_posts"
    CALL_LOGS = "call_logs"
    VOICEMAILS = "voicemails"
    PHOTOS_OF_INJURIES = "photos_of_injuries"
    PHOTOS_OF_PROPERTY_DAMAGE = "photos_of_property_damage"
    MEDICAL_RECORDS = "medical_records"
    POLICE_REPORTS = "police_reports"
    WITNESS_STATEMENTS = "witness_statements"
    INCIDENT_LOG = "incident_log"
    GIFTS_OR_LETTERS = "gifts_or_letters"
    PRIOR_ORDERS = "prior_orders"
    LOCATION_EVIDENCE = "location_evidence"
    OTHER = "other"


class EvidenceLevel(Term):
    """Whether the court needs a piece of evidence or it only helps."""

    REQUIRED = "required"
    HELPFUL = "helpful"


class ReviewStatus(Term):
    """Where a state's rule file stands with legal-aid review."""

    DRAFT = "draft"
    REVIEWED = "reviewed"


class ResourceKind(Term):
    """Kinds of help a rule file can point to."""

    HOTLINE = "hotline"
    COALITION = "coalition"
    SELF_HELP = "self_help"
    LEGAL_AID = "legal_aid"
    OTHER = "other"


class FormRole(Term):
    """What a court form is for in the filing."""

    PETITION = "petition"
    DECLARATION = "declaration"
    PROPOSED_ORDER = "proposed_order"
    CONFIDENTIAL_INFORMATION = "confidential_information"
    NOTICE_OF_HEARING = "notice_of_hearing"
    FEE_WAIVER = "fee_waiver"
    PROOF_OF_SERVICE = "proof_of_service"
    INSTRUCTIONS = "instructions"
    OTHER = "other"


#: The vocabulary sections of `rules/vocabulary.yaml`, each tied to its enum.
SECTIONS: dict[str, type[Term]] = {
    "relationship": Relationship,
    "conduct": Conduct,
    "order_kind": OrderKind,
    "petitioner_role": PetitionerRole,
    "court_level": CourtLevel,
    "evidence_kind": EvidenceKind,
}
