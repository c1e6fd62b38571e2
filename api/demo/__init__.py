"""Deterministic Indonesian demo data: UPT, catalogue, LSPs, people, certificates, employers, vacancies."""

from api.demo.service import DemoSummary, load_demo, load_demo_if_empty

__all__ = ["DemoSummary", "load_demo", "load_demo_if_empty"]
