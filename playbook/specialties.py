"""The specialties a profile may name, with the labels people read."""

from __future__ import annotations

from typing import Literal

SPECIALTY_LABELS: dict[str, str] = {
    "pediatrics": "Pediatrics",
    "medical_genetics": "Medical Genetics and Genomics",
    "pmr": "Physical Medicine and Rehabilitation (PM&R)",
    "internal_medicine": "Internal Medicine",
    "family_medicine": "Family Medicine",
    "med_peds": "Internal Medicine–Pediatrics",
    "transitional_year": "Transitional Year",
    "preliminary_medicine": "Preliminary Internal Medicine",
    "preliminary_surgery": "Preliminary Surgery",
    "psychiatry": "Psychiatry",
    "neurology": "Neurology",
    "pathology": "Pathology",
    "general_surgery": "General Surgery",
    "emergency_medicine": "Emergency Medicine",
    "anesthesiology": "Anesthesiology",
    "obstetrics_gynecology": "Obstetrics and Gynecology",
}

Specialty = Literal[
    "pediatrics",
    "medical_genetics",
    "pmr",
    "internal_medicine",
    "family_medicine",
    "med_peds",
    "transitional_year",
    "preliminary_medicine",
    "preliminary_surgery",
    "psychiatry",
    "neurology",
    "pathology",
    "general_surgery",
    "emergency_medicine",
    "anesthesiology",
    "obstetrics_gynecology",
]

assert set(Specialty.__args__) == set(SPECIALTY_LABELS)  # type: ignore[attr-defined]


def label(specialty: str) -> str:
    return SPECIALTY_LABELS.get(specialty, specialty)
