"""Assessments and certificates: pure rules, signing, services and documents."""
