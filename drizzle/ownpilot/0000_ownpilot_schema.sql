CREATE SCHEMA "ownpilot";
