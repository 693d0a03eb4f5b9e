CREATE SCHEMA "cortex";
