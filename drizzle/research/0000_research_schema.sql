CREATE SCHEMA "research";
