CREATE SCHEMA "bottleneck";
