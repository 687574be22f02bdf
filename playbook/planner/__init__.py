"""The SOAP planner: her program sheet, feasibility tiers, the application portfolio and Monday's list."""
