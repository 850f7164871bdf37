"""Social organizations (the registry, annual reports, dormancy cleanup, the credit lists, venture philanthropy) and charity (recognition, campaigns, donations, spending checks, trusts)."""
