-- Same behaviour as 0001's set_updated_at, faster for the two column names in use: a direct
-- assignment instead of rebuilding the row through jsonb_populate_record (about a third of the
-- cost of an UPDATE of a bot.job_queue row). Other names keep the generic path.
CREATE OR REPLACE FUNCTION org_schema.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_ARGV[0] IS NULL OR TG_ARGV[0] = 'updated_at' THEN
    NEW.updated_at := now();
  ELSIF TG_ARGV[0] = 'updatedAt' THEN
    NEW."updatedAt" := now();
  ELSE
    NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], now()));
  END IF;
  RETURN NEW;
END
$$;
