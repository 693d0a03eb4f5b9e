ALTER TABLE "quorum"."coupon_redemptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "quorum"."profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "quorum"."referral_conversions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "coupon_redemptions_authenticated_read_own" ON "quorum"."coupon_redemptions" AS PERMISSIVE FOR SELECT TO "authenticated" USING (user_id = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "coupon_redemptions_service_role_all" ON "quorum"."coupon_redemptions" AS PERMISSIVE FOR ALL TO "service_role" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "profiles_authenticated_read_own" ON "quorum"."profiles" AS PERMISSIVE FOR SELECT TO "authenticated" USING (id = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "profiles_service_role_all" ON "quorum"."profiles" AS PERMISSIVE FOR ALL TO "service_role" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "referral_conversions_authenticated_read_own" ON "quorum"."referral_conversions" AS PERMISSIVE FOR SELECT TO "authenticated" USING (referrer_user_id = (select auth.uid()) or referred_user_id = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "referral_conversions_service_role_all" ON "quorum"."referral_conversions" AS PERMISSIVE FOR ALL TO "service_role" USING (true) WITH CHECK (true);