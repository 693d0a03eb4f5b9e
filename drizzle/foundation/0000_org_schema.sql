CREATE SCHEMA "org_schema";
