"""The questionnaire for the person asking for protection (issue 4)."""
