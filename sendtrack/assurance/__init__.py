"""Assurance for each area of weakness: the chain from the inspection's finding to the plan
actions, the projects that deliver them, the indicators that measure them and the evidence,
with each action's delivery and impact judged apart (rules in ``governance.assurance``)."""
