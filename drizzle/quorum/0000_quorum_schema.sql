CREATE SCHEMA "quorum";
