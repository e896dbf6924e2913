-- A tenant's plan and status are Stripe's and the billing workflow's to set: tenant work (the
-- role vigil_app) may read its own billing row, never write it. The owner writes it
-- (TenantBilling.recordCustomer, TenantBilling.apply).
revoke insert, update on tenant_billing from vigil_app;
