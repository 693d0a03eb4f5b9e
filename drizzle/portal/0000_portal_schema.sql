CREATE SCHEMA "portal";
