CREATE SCHEMA "bottleneck";
--> statement-breakpoint
CREATE TABLE "bottleneck"."action_approvals" (
	"id" serial PRIMARY KEY NOT NULL,
	"executionId" integer NOT NULL,
	"userId" integer NOT NULL,
	"actionType" varchar(100) NOT NULL,
	"actionDescription" text NOT NULL,
	"actionParams" jsonb NOT NULL,
	"riskLevel" varchar(20) NOT NULL,
	"riskFactors" jsonb,
	"screenshotUrl" text,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"approvedAt" timestamp,
	"rejectedAt" timestamp,
	"rejectionReason" text,
	"expiresAt" timestamp NOT NULL,
	"timeoutAction" varchar(20) DEFAULT 'reject' NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."audit_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"action" varchar(100) NOT NULL,
	"entityType" varchar(100) NOT NULL,
	"entityId" varchar(100),
	"oldValues" jsonb,
	"newValues" jsonb,
	"ipAddress" varchar(45),
	"userAgent" text,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."browser_contexts" (
	"id" serial PRIMARY KEY NOT NULL,
	"clientId" integer NOT NULL,
	"userId" integer NOT NULL,
	"contextId" varchar(128) NOT NULL,
	"isolationLevel" varchar(20) DEFAULT 'strict' NOT NULL,
	"encryptedStorage" text,
	"storageIv" text,
	"storageAuthTag" text,
	"metadata" jsonb,
	"activeSessionCount" integer DEFAULT 0 NOT NULL,
	"lastUsedAt" timestamp,
	"isActive" boolean DEFAULT true NOT NULL,
	"expiresAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "browser_contexts_contextId_key" UNIQUE("contextId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."credentials" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"name" text NOT NULL,
	"service" varchar(100) NOT NULL,
	"type" varchar(50) NOT NULL,
	"encryptedData" text NOT NULL,
	"iv" text NOT NULL,
	"authTag" text NOT NULL,
	"metadata" jsonb,
	"lastUsedAt" timestamp,
	"useCount" integer DEFAULT 0 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"deletedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."execution_controls" (
	"id" serial PRIMARY KEY NOT NULL,
	"executionId" integer NOT NULL,
	"userId" integer NOT NULL,
	"controlState" varchar(20) NOT NULL,
	"stateReason" text,
	"injectedInstruction" text,
	"injectedAt" timestamp,
	"checkpointData" jsonb,
	"lastStateChange" timestamp DEFAULT now() NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "execution_controls_executionId_key" UNIQUE("executionId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."feature_flags" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"enabled" boolean DEFAULT false NOT NULL,
	"rolloutPercentage" integer DEFAULT 0 NOT NULL,
	"userWhitelist" jsonb,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "feature_flags_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."security_audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"action" varchar(100) NOT NULL,
	"resourceType" varchar(50) NOT NULL,
	"resourceId" integer,
	"details" jsonb,
	"ipAddress" varchar(45),
	"userAgent" text,
	"success" boolean NOT NULL,
	"errorMessage" text,
	"timestamp" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."security_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer,
	"eventType" varchar(50) NOT NULL,
	"severity" varchar(20) DEFAULT 'low' NOT NULL,
	"description" text NOT NULL,
	"metadata" jsonb,
	"ipAddress" varchar(45),
	"userAgent" text,
	"geoLocation" jsonb,
	"resolved" boolean DEFAULT false NOT NULL,
	"resolvedBy" integer,
	"resolvedAt" timestamp,
	"notes" text,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."system_config" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" varchar(100) NOT NULL,
	"value" jsonb NOT NULL,
	"description" text,
	"updatedBy" integer,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "system_config_key_key" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."ad_analyses" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"adId" varchar(128),
	"screenshotUrl" text NOT NULL,
	"impressions" integer,
	"clicks" integer,
	"ctr" numeric(5, 2),
	"cpc" numeric(10, 2),
	"spend" numeric(10, 2),
	"conversions" integer,
	"roas" numeric(10, 2),
	"insights" jsonb,
	"suggestions" jsonb,
	"sentiment" varchar(20),
	"confidence" numeric(3, 2),
	"rawAnalysis" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."ad_recommendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"analysisId" integer,
	"adId" varchar(128),
	"type" varchar(50) NOT NULL,
	"priority" varchar(20) NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"expectedImpact" text,
	"actionable" varchar(10) DEFAULT 'true' NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"appliedAt" timestamp,
	"appliedBy" integer,
	"resultMetrics" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."meta_ad_accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"accountId" varchar(128) NOT NULL,
	"accountName" text NOT NULL,
	"accountStatus" varchar(50),
	"currency" varchar(10),
	"metadata" jsonb,
	"lastSyncedAt" timestamp,
	"isActive" varchar(10) DEFAULT 'true' NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "meta_ad_accounts_accountId_key" UNIQUE("accountId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."meta_ad_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"campaignId" integer NOT NULL,
	"adSetId" varchar(128) NOT NULL,
	"adSetName" text NOT NULL,
	"status" varchar(50),
	"dailyBudget" numeric(10, 2),
	"lifetimeBudget" numeric(10, 2),
	"targetingDescription" text,
	"targeting" jsonb,
	"metadata" jsonb,
	"lastSyncedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "meta_ad_sets_adSetId_key" UNIQUE("adSetId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."meta_ads" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"adSetId" integer NOT NULL,
	"adId" varchar(128) NOT NULL,
	"adName" text NOT NULL,
	"status" varchar(50),
	"headline" text,
	"primaryText" text,
	"description" text,
	"imageUrl" text,
	"videoUrl" text,
	"callToAction" varchar(50),
	"creative" jsonb,
	"latestMetrics" jsonb,
	"lastSyncedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "meta_ads_adId_key" UNIQUE("adId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."meta_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"accountId" integer NOT NULL,
	"campaignId" varchar(128) NOT NULL,
	"campaignName" text NOT NULL,
	"status" varchar(50),
	"objective" varchar(100),
	"dailyBudget" numeric(10, 2),
	"lifetimeBudget" numeric(10, 2),
	"metadata" jsonb,
	"lastSyncedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "meta_campaigns_campaignId_key" UNIQUE("campaignId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."agent_executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"sessionId" integer NOT NULL,
	"userId" integer NOT NULL,
	"taskDescription" text NOT NULL,
	"status" varchar(50) DEFAULT 'pending' NOT NULL,
	"plan" jsonb,
	"phases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"currentPhaseIndex" integer DEFAULT 0 NOT NULL,
	"thinkingSteps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"toolExecutions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"result" jsonb,
	"error" text,
	"iterations" integer DEFAULT 0 NOT NULL,
	"durationMs" integer,
	"startedAt" timestamp,
	"completedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."agent_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"sessionUuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" varchar(50) DEFAULT 'idle' NOT NULL,
	"context" jsonb,
	"thinkingSteps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"toolHistory" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"plan" jsonb,
	"currentPhase" varchar(100),
	"iterationCount" integer DEFAULT 0 NOT NULL,
	"maxIterations" integer DEFAULT 100 NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "agent_sessions_sessionUuid_key" UNIQUE("sessionUuid")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."generated_projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"executionId" integer,
	"name" varchar(255) NOT NULL,
	"description" text,
	"techStack" varchar(50) DEFAULT 'react' NOT NULL,
	"features" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"filesSnapshot" jsonb,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"devServerPort" integer,
	"previewUrl" text,
	"deploymentUrl" text,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."knowledge_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"category" varchar(50) NOT NULL,
	"context" text NOT NULL,
	"content" text NOT NULL,
	"examples" jsonb,
	"confidence" numeric(3, 2) DEFAULT '1.0' NOT NULL,
	"usageCount" integer DEFAULT 0 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."tool_executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"executionId" integer NOT NULL,
	"toolName" varchar(100) NOT NULL,
	"parameters" jsonb,
	"result" jsonb,
	"success" boolean DEFAULT true NOT NULL,
	"durationMs" integer,
	"error" text,
	"executedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."alert_delivery_queue" (
	"id" serial PRIMARY KEY NOT NULL,
	"alertHistoryId" integer NOT NULL,
	"channel" varchar(50) NOT NULL,
	"destination" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"maxAttempts" integer DEFAULT 3 NOT NULL,
	"lastAttemptAt" timestamp,
	"error" text,
	"priority" integer DEFAULT 5 NOT NULL,
	"scheduledFor" timestamp,
	"sentAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."alert_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"ruleId" integer NOT NULL,
	"userId" integer NOT NULL,
	"taskId" integer,
	"executionId" integer,
	"alertType" varchar(50) NOT NULL,
	"severity" varchar(20) NOT NULL,
	"title" varchar(500) NOT NULL,
	"message" text NOT NULL,
	"details" jsonb,
	"channels" jsonb NOT NULL,
	"deliveryStatus" jsonb,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"triggeredAt" timestamp DEFAULT now() NOT NULL,
	"acknowledgedAt" timestamp,
	"acknowledgedBy" integer,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."alert_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"name" varchar(255) NOT NULL,
	"description" text,
	"ruleType" varchar(50) NOT NULL,
	"targetType" varchar(50) DEFAULT 'all_tasks' NOT NULL,
	"targetTaskIds" jsonb,
	"targetTags" jsonb,
	"conditions" jsonb NOT NULL,
	"notificationChannels" jsonb NOT NULL,
	"cooldownMinutes" integer DEFAULT 5 NOT NULL,
	"aggregationEnabled" boolean DEFAULT true NOT NULL,
	"maxAlertsPerHour" integer DEFAULT 12 NOT NULL,
	"severity" varchar(20) DEFAULT 'medium' NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"isPaused" boolean DEFAULT false NOT NULL,
	"lastAlertSentAt" timestamp,
	"alertsThisHour" integer DEFAULT 0 NOT NULL,
	"hourlyResetAt" timestamp,
	"createdBy" integer NOT NULL,
	"lastModifiedBy" integer NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."in_app_notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"alertHistoryId" integer,
	"title" varchar(255) NOT NULL,
	"message" text NOT NULL,
	"type" varchar(20) DEFAULT 'info' NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"isRead" boolean DEFAULT false NOT NULL,
	"isDismissed" boolean DEFAULT false NOT NULL,
	"metadata" jsonb,
	"actionUrl" text,
	"actionLabel" varchar(100),
	"readAt" timestamp,
	"dismissedAt" timestamp,
	"expiresAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."email_verification_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"token" text NOT NULL,
	"expiresAt" timestamp NOT NULL,
	"verifiedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "email_verification_tokens_token_key" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."login_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" varchar(320) NOT NULL,
	"ipAddress" varchar(45) NOT NULL,
	"userAgent" text,
	"success" boolean NOT NULL,
	"failureReason" varchar(100),
	"attemptedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."password_reset_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"token" text NOT NULL,
	"expiresAt" timestamp NOT NULL,
	"usedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "password_reset_tokens_token_key" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"expiresAt" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"companyName" text,
	"industry" varchar(100),
	"monthlyRevenue" varchar(50),
	"employeeCount" varchar(50),
	"website" text,
	"phone" varchar(30),
	"goals" jsonb,
	"currentTools" jsonb,
	"referralSource" varchar(100),
	"ghlApiKey" text,
	"notes" text,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "user_profiles_userId_key" UNIQUE("userId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."users" (
	"id" serial PRIMARY KEY NOT NULL,
	"openId" varchar(64),
	"googleId" varchar(64),
	"password" text,
	"name" text,
	"email" varchar(320) NOT NULL,
	"loginMethod" varchar(64) DEFAULT 'email' NOT NULL,
	"role" varchar(20) DEFAULT 'user' NOT NULL,
	"onboardingCompleted" boolean DEFAULT false NOT NULL,
	"suspendedAt" timestamp,
	"suspensionReason" text,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"lastSignedIn" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "users_openId_key" UNIQUE("openId"),
	CONSTRAINT "users_googleId_key" UNIQUE("googleId"),
	CONSTRAINT "users_email_key" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."agent_add_ons" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" varchar(50) NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"additionalAgents" integer NOT NULL,
	"monthlyPriceCents" integer NOT NULL,
	"minTierId" integer,
	"maxPerUser" integer,
	"sortOrder" integer DEFAULT 0 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "agent_add_ons_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."execution_packs" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" varchar(50) NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"executionCount" integer,
	"validForDays" integer,
	"priceCents" integer NOT NULL,
	"minTierId" integer,
	"maxPerMonth" integer,
	"sortOrder" integer DEFAULT 0 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "execution_packs_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."subscription_tiers" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" varchar(50) NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"monthlyPriceCents" integer NOT NULL,
	"setupFeeCents" integer DEFAULT 0 NOT NULL,
	"weeklyPremiumPercent" integer DEFAULT 15 NOT NULL,
	"sixMonthDiscountPercent" integer DEFAULT 5 NOT NULL,
	"annualDiscountPercent" integer DEFAULT 10 NOT NULL,
	"maxAgents" integer NOT NULL,
	"maxConcurrentAgents" integer NOT NULL,
	"monthlyExecutionLimit" integer NOT NULL,
	"maxExecutionDurationMinutes" integer DEFAULT 60 NOT NULL,
	"maxGhlAccounts" integer,
	"features" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"allowedStrategies" jsonb DEFAULT '["auto"]'::jsonb NOT NULL,
	"sortOrder" integer DEFAULT 0 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"isPopular" boolean DEFAULT false NOT NULL,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_tiers_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."subscription_usage_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"periodStart" timestamp NOT NULL,
	"periodEnd" timestamp NOT NULL,
	"tierId" integer NOT NULL,
	"executionLimit" integer NOT NULL,
	"agentLimit" integer NOT NULL,
	"executionsUsed" integer DEFAULT 0 NOT NULL,
	"peakConcurrentAgents" integer DEFAULT 0 NOT NULL,
	"additionalExecutionsPurchased" integer DEFAULT 0 NOT NULL,
	"additionalExecutionsUsed" integer DEFAULT 0 NOT NULL,
	"overageExecutions" integer DEFAULT 0 NOT NULL,
	"overageChargedCents" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_agent_add_ons" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"addOnId" integer NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"stripeSubscriptionItemId" varchar(255),
	"startedAt" timestamp DEFAULT now() NOT NULL,
	"cancelledAt" timestamp,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_execution_packs" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"packId" integer NOT NULL,
	"executionsIncluded" integer,
	"executionsRemaining" integer,
	"purchasedAt" timestamp DEFAULT now() NOT NULL,
	"expiresAt" timestamp,
	"pricePaidCents" integer NOT NULL,
	"stripePaymentIntentId" varchar(255),
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"tierId" integer NOT NULL,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"paymentFrequency" varchar(20) DEFAULT 'monthly' NOT NULL,
	"currentPeriodStart" timestamp NOT NULL,
	"currentPeriodEnd" timestamp NOT NULL,
	"cancelAtPeriodEnd" boolean DEFAULT false NOT NULL,
	"stripeCustomerId" varchar(255),
	"stripeSubscriptionId" varchar(255),
	"executionsUsedThisPeriod" integer DEFAULT 0 NOT NULL,
	"agentsSpawnedThisPeriod" integer DEFAULT 0 NOT NULL,
	"additionalAgentSlots" integer DEFAULT 0 NOT NULL,
	"additionalExecutions" integer DEFAULT 0 NOT NULL,
	"trialEndsAt" timestamp,
	"cancelledAt" timestamp,
	"cancellationReason" text,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "user_subscriptions_userId_key" UNIQUE("userId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."browser_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"sessionId" varchar(128) NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"url" text,
	"projectId" varchar(128),
	"debugUrl" text,
	"recordingUrl" text,
	"metadata" jsonb,
	"expiresAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"completedAt" timestamp,
	CONSTRAINT "browser_sessions_sessionId_key" UNIQUE("sessionId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_preferences" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"defaultBrowserConfig" jsonb,
	"defaultWorkflowSettings" jsonb,
	"notifications" jsonb,
	"apiKeys" jsonb,
	"theme" varchar(20) DEFAULT 'light',
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "user_preferences_userId_key" UNIQUE("userId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."api_token_usage" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"executionId" integer,
	"requestId" varchar(255),
	"model" varchar(100) NOT NULL,
	"inputTokens" integer DEFAULT 0 NOT NULL,
	"outputTokens" integer DEFAULT 0 NOT NULL,
	"cacheCreationTokens" integer DEFAULT 0 NOT NULL,
	"cacheReadTokens" integer DEFAULT 0 NOT NULL,
	"totalTokens" integer NOT NULL,
	"inputCost" numeric(10, 4) NOT NULL,
	"outputCost" numeric(10, 4) NOT NULL,
	"cacheCost" numeric(10, 4) DEFAULT '0' NOT NULL,
	"totalCost" numeric(10, 4) NOT NULL,
	"promptType" varchar(100),
	"toolsUsed" jsonb,
	"responseTime" integer,
	"stopReason" varchar(50),
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."browserbase_costs" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"executionId" integer,
	"sessionId" varchar(255) NOT NULL,
	"projectId" varchar(255),
	"durationMs" integer NOT NULL,
	"durationMinutes" numeric(10, 2) NOT NULL,
	"costPerMinute" numeric(10, 4) DEFAULT '0.01' NOT NULL,
	"totalCost" numeric(10, 4) NOT NULL,
	"debugUrl" varchar(500),
	"recordingUrl" varchar(500),
	"hasRecording" boolean DEFAULT false NOT NULL,
	"recordingCost" numeric(10, 4) DEFAULT '0' NOT NULL,
	"screenshotCount" integer DEFAULT 0 NOT NULL,
	"screenshotCost" numeric(10, 4) DEFAULT '0' NOT NULL,
	"status" varchar(50) NOT NULL,
	"startedAt" timestamp NOT NULL,
	"completedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "browserbase_costs_sessionId_key" UNIQUE("sessionId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."cost_budgets" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"dailyBudget" numeric(10, 2),
	"weeklyBudget" numeric(10, 2),
	"monthlyBudget" numeric(10, 2),
	"alertThreshold" integer DEFAULT 80 NOT NULL,
	"currentDailySpend" numeric(10, 4) DEFAULT '0' NOT NULL,
	"currentWeeklySpend" numeric(10, 4) DEFAULT '0' NOT NULL,
	"currentMonthlySpend" numeric(10, 4) DEFAULT '0' NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"autoStopOnLimit" boolean DEFAULT false NOT NULL,
	"lastAlertSent" timestamp,
	"alertsSentToday" integer DEFAULT 0 NOT NULL,
	"dailyPeriodStart" timestamp DEFAULT now() NOT NULL,
	"weeklyPeriodStart" timestamp DEFAULT now() NOT NULL,
	"monthlyPeriodStart" timestamp DEFAULT now() NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "cost_budgets_userId_key" UNIQUE("userId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."daily_cost_summaries" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"date" timestamp NOT NULL,
	"totalApiCalls" integer DEFAULT 0 NOT NULL,
	"totalInputTokens" integer DEFAULT 0 NOT NULL,
	"totalOutputTokens" integer DEFAULT 0 NOT NULL,
	"totalCacheTokens" integer DEFAULT 0 NOT NULL,
	"apiCostUsd" numeric(10, 4) DEFAULT '0' NOT NULL,
	"totalGeminiCalls" integer DEFAULT 0 NOT NULL,
	"totalGeminiInputTokens" integer DEFAULT 0 NOT NULL,
	"totalGeminiOutputTokens" integer DEFAULT 0 NOT NULL,
	"geminiCostUsd" numeric(10, 6) DEFAULT '0' NOT NULL,
	"totalSessions" integer DEFAULT 0 NOT NULL,
	"totalSessionMinutes" numeric(10, 2) DEFAULT '0' NOT NULL,
	"browserbaseCostUsd" numeric(10, 4) DEFAULT '0' NOT NULL,
	"totalStorageOperations" integer DEFAULT 0 NOT NULL,
	"totalStorageMb" numeric(10, 4) DEFAULT '0' NOT NULL,
	"storageCostUsd" numeric(10, 6) DEFAULT '0' NOT NULL,
	"totalCostUsd" numeric(10, 4) NOT NULL,
	"costByModel" jsonb,
	"costByProvider" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."gemini_token_usage" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"executionId" integer,
	"requestId" varchar(255),
	"model" varchar(100) NOT NULL,
	"inputTokens" integer DEFAULT 0 NOT NULL,
	"outputTokens" integer DEFAULT 0 NOT NULL,
	"totalTokens" integer NOT NULL,
	"inputCost" numeric(10, 6) NOT NULL,
	"outputCost" numeric(10, 6) NOT NULL,
	"totalCost" numeric(10, 6) NOT NULL,
	"promptType" varchar(100),
	"toolsUsed" jsonb,
	"responseTime" integer,
	"finishReason" varchar(50),
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."storage_costs" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"executionId" integer,
	"operationId" varchar(255),
	"provider" varchar(50) NOT NULL,
	"bucket" varchar(255) NOT NULL,
	"operationType" varchar(50) NOT NULL,
	"objectKey" varchar(1000),
	"sizeBytes" integer DEFAULT 0 NOT NULL,
	"sizeMb" numeric(10, 4) DEFAULT '0' NOT NULL,
	"storageCostPerGb" numeric(10, 6) DEFAULT '0.023' NOT NULL,
	"transferCostPerGb" numeric(10, 6) DEFAULT '0.09' NOT NULL,
	"requestCost" numeric(10, 8) DEFAULT '0' NOT NULL,
	"totalCost" numeric(10, 6) NOT NULL,
	"contentType" varchar(255),
	"status" varchar(50) NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."email_connections" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"provider" varchar(20) NOT NULL,
	"email" varchar(320) NOT NULL,
	"accessToken" text NOT NULL,
	"refreshToken" text NOT NULL,
	"expiresAt" timestamp NOT NULL,
	"scope" text NOT NULL,
	"metadata" jsonb,
	"isActive" boolean DEFAULT true NOT NULL,
	"lastSyncedAt" timestamp,
	"syncCursor" text,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."email_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"emailId" integer NOT NULL,
	"connectionId" integer NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"bodyType" varchar(10) DEFAULT 'html' NOT NULL,
	"tone" varchar(20),
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"model" varchar(50),
	"generatedAt" timestamp DEFAULT now() NOT NULL,
	"sentAt" timestamp,
	"providerId" text,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."synced_emails" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"connectionId" integer NOT NULL,
	"messageId" text NOT NULL,
	"threadId" text,
	"subject" text,
	"from" jsonb NOT NULL,
	"to" jsonb NOT NULL,
	"cc" jsonb,
	"bcc" jsonb,
	"replyTo" jsonb,
	"date" timestamp NOT NULL,
	"body" text,
	"bodyType" varchar(10),
	"snippet" text,
	"labels" jsonb,
	"isRead" boolean DEFAULT false NOT NULL,
	"isStarred" boolean DEFAULT false NOT NULL,
	"hasAttachments" boolean DEFAULT false NOT NULL,
	"attachments" jsonb,
	"headers" jsonb,
	"rawData" jsonb,
	"sentiment" varchar(20),
	"sentimentScore" integer,
	"importance" varchar(20),
	"category" varchar(50),
	"requiresResponse" boolean,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "synced_emails_messageId_key" UNIQUE("messageId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."action_patterns" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer,
	"taskType" varchar(255) NOT NULL,
	"taskName" text NOT NULL,
	"pageUrl" text,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"successCount" integer DEFAULT 0 NOT NULL,
	"failureCount" integer DEFAULT 0 NOT NULL,
	"lastExecuted" timestamp,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."element_selectors" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer,
	"pagePath" varchar(500) NOT NULL,
	"elementName" varchar(255) NOT NULL,
	"primarySelector" text NOT NULL,
	"fallbackSelectors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"successRate" real DEFAULT 1 NOT NULL,
	"totalAttempts" integer DEFAULT 0 NOT NULL,
	"lastVerified" timestamp,
	"screenshotRef" text,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."error_patterns" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer,
	"errorType" varchar(255) NOT NULL,
	"errorMessage" text,
	"context" text,
	"recoveryStrategies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"occurrenceCount" integer DEFAULT 0 NOT NULL,
	"resolvedCount" integer DEFAULT 0 NOT NULL,
	"lastOccurred" timestamp,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."execution_checkpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"checkpointId" varchar(255) NOT NULL,
	"executionId" integer NOT NULL,
	"userId" integer NOT NULL,
	"phaseId" integer,
	"phaseName" text,
	"stepIndex" integer DEFAULT 0 NOT NULL,
	"completedSteps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"completedPhases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"partialResults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"extractedData" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sessionState" jsonb,
	"browserContext" jsonb,
	"errorInfo" jsonb,
	"checkpointReason" varchar(100),
	"canResume" boolean DEFAULT true NOT NULL,
	"resumeCount" integer DEFAULT 0 NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"expiresAt" timestamp,
	CONSTRAINT "execution_checkpoints_checkpointId_key" UNIQUE("checkpointId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."task_success_patterns" (
	"id" serial PRIMARY KEY NOT NULL,
	"patternId" varchar(255) NOT NULL,
	"userId" integer NOT NULL,
	"taskType" varchar(100) NOT NULL,
	"taskName" text,
	"successfulApproach" jsonb NOT NULL,
	"selectors" jsonb DEFAULT '{}'::jsonb,
	"workflow" jsonb DEFAULT '[]'::jsonb,
	"contextConditions" jsonb DEFAULT '{}'::jsonb,
	"requiredState" jsonb DEFAULT '{}'::jsonb,
	"avgExecutionTime" real,
	"successRate" real DEFAULT 1 NOT NULL,
	"usageCount" integer DEFAULT 1 NOT NULL,
	"confidence" real DEFAULT 0.8 NOT NULL,
	"adaptations" jsonb DEFAULT '[]'::jsonb,
	"reasoningPatternId" varchar(255),
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"lastUsedAt" timestamp,
	CONSTRAINT "task_success_patterns_patternId_key" UNIQUE("patternId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_memory" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"preferences" jsonb NOT NULL,
	"taskHistory" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"learnedPatterns" jsonb NOT NULL,
	"userCorrections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stats" jsonb NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"lastAccessedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."workflow_patterns" (
	"id" serial PRIMARY KEY NOT NULL,
	"patternId" varchar(255) NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category" varchar(100),
	"pattern" jsonb NOT NULL,
	"variables" jsonb DEFAULT '[]'::jsonb,
	"conditions" jsonb DEFAULT '{}'::jsonb,
	"userId" integer,
	"isPublic" boolean DEFAULT false NOT NULL,
	"isSystemPattern" boolean DEFAULT false NOT NULL,
	"usageCount" integer DEFAULT 0 NOT NULL,
	"successRate" real DEFAULT 1 NOT NULL,
	"avgExecutionTime" real,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"lastUsedAt" timestamp,
	CONSTRAINT "workflow_patterns_patternId_key" UNIQUE("patternId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."ai_call_campaigns" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"listId" integer,
	"name" varchar(500) NOT NULL,
	"description" text,
	"script" text NOT NULL,
	"status" varchar(50) DEFAULT 'draft' NOT NULL,
	"callsMade" integer DEFAULT 0 NOT NULL,
	"callsSuccessful" integer DEFAULT 0 NOT NULL,
	"callsFailed" integer DEFAULT 0 NOT NULL,
	"callsAnswered" integer DEFAULT 0 NOT NULL,
	"totalDuration" integer DEFAULT 0 NOT NULL,
	"costInCredits" integer DEFAULT 0 NOT NULL,
	"settings" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"startedAt" timestamp,
	"completedAt" timestamp
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."ai_calls" (
	"id" serial PRIMARY KEY NOT NULL,
	"campaignId" integer NOT NULL,
	"userId" integer NOT NULL,
	"leadId" integer,
	"phoneNumber" varchar(20) NOT NULL,
	"status" varchar(50) DEFAULT 'pending' NOT NULL,
	"outcome" varchar(50),
	"vapiCallId" varchar(255),
	"duration" integer,
	"recordingUrl" text,
	"transcript" text,
	"analysis" jsonb,
	"notes" text,
	"creditsUsed" integer DEFAULT 1 NOT NULL,
	"error" text,
	"calledAt" timestamp DEFAULT now() NOT NULL,
	"answeredAt" timestamp,
	"completedAt" timestamp
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."credit_packages" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(200) NOT NULL,
	"description" text,
	"creditAmount" integer NOT NULL,
	"price" integer NOT NULL,
	"creditType" varchar(50) NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"sortOrder" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."lead_lists" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"name" varchar(500) NOT NULL,
	"description" text,
	"fileName" varchar(500),
	"fileSize" integer,
	"status" varchar(50) DEFAULT 'uploading' NOT NULL,
	"totalLeads" integer DEFAULT 0 NOT NULL,
	"enrichedLeads" integer DEFAULT 0 NOT NULL,
	"failedLeads" integer DEFAULT 0 NOT NULL,
	"costInCredits" integer DEFAULT 0 NOT NULL,
	"metadata" jsonb,
	"uploadedAt" timestamp DEFAULT now() NOT NULL,
	"processingStartedAt" timestamp,
	"processedAt" timestamp
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."leads" (
	"id" serial PRIMARY KEY NOT NULL,
	"listId" integer NOT NULL,
	"userId" integer NOT NULL,
	"rawData" jsonb NOT NULL,
	"enrichedData" jsonb,
	"enrichmentStatus" varchar(50) DEFAULT 'pending' NOT NULL,
	"creditsUsed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	"enrichedAt" timestamp
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_credits" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"creditType" varchar(50) NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"totalPurchased" integer DEFAULT 0 NOT NULL,
	"totalUsed" integer DEFAULT 0 NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."documentation_chunks" (
	"id" serial PRIMARY KEY NOT NULL,
	"sourceId" integer NOT NULL,
	"chunkIndex" integer NOT NULL,
	"content" text NOT NULL,
	"tokenCount" integer NOT NULL,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"embedding" vector(1536)
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."documentation_sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer,
	"platform" varchar(50) NOT NULL,
	"category" varchar(50) NOT NULL,
	"title" text NOT NULL,
	"sourceUrl" text,
	"sourceType" varchar(50),
	"version" varchar(50),
	"content" text NOT NULL,
	"contentHash" varchar(64),
	"isActive" boolean DEFAULT true NOT NULL,
	"metadata" jsonb,
	"tags" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."platform_keywords" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" varchar(50) NOT NULL,
	"keyword" varchar(255) NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"category" varchar(50),
	"isActive" boolean DEFAULT true NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."backlinks" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"targetUrl" text NOT NULL,
	"sourceUrl" text NOT NULL,
	"sourceDomain" text NOT NULL,
	"anchorText" text,
	"isDoFollow" boolean DEFAULT true,
	"isActive" boolean DEFAULT true,
	"domainRating" integer DEFAULT 0,
	"domainAuthority" integer DEFAULT 0,
	"pageAuthority" integer DEFAULT 0,
	"isToxic" boolean DEFAULT false,
	"firstSeen" timestamp DEFAULT now() NOT NULL,
	"lastSeen" timestamp DEFAULT now() NOT NULL,
	"lastChecked" timestamp DEFAULT now() NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."heatmap_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"sessionId" integer NOT NULL,
	"eventType" varchar(20) NOT NULL,
	"x" integer,
	"y" integer,
	"element" text,
	"scrollDepth" integer,
	"scrollPercentage" integer,
	"visitorId" varchar(100),
	"userAgent" text,
	"ipAddress" varchar(45),
	"timestamp" timestamp DEFAULT now() NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."heatmap_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"url" text NOT NULL,
	"trackingId" varchar(100) NOT NULL,
	"totalClicks" integer DEFAULT 0,
	"totalSessions" integer DEFAULT 0,
	"averageScrollDepth" integer DEFAULT 0,
	"bounceRate" integer DEFAULT 0,
	"averageTimeOnPage" integer DEFAULT 0,
	"isActive" boolean DEFAULT true,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "heatmap_sessions_trackingId_key" UNIQUE("trackingId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."keyword_rankings" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"url" text NOT NULL,
	"keyword" text NOT NULL,
	"position" integer,
	"previousPosition" integer,
	"change" integer DEFAULT 0,
	"searchEngine" varchar(20) DEFAULT 'google',
	"location" varchar(100) DEFAULT 'United States',
	"pageTitle" text,
	"pageUrl" text,
	"snippet" text,
	"checkedAt" timestamp DEFAULT now() NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."keyword_research" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"topic" text NOT NULL,
	"keyword" text NOT NULL,
	"searchVolume" integer DEFAULT 0,
	"difficulty" integer DEFAULT 50,
	"cpc" integer DEFAULT 0,
	"trend" varchar(10) DEFAULT 'stable',
	"relatedKeywords" jsonb,
	"source" varchar(50) DEFAULT 'ai',
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."seo_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"url" text NOT NULL,
	"title" text,
	"score" integer NOT NULL,
	"status" varchar(20) DEFAULT 'completed' NOT NULL,
	"metaDescription" text,
	"metaKeywords" text,
	"headings" jsonb,
	"images" jsonb,
	"links" jsonb,
	"performance" jsonb,
	"technicalSEO" jsonb,
	"contentAnalysis" jsonb,
	"aiInsights" text,
	"recommendations" jsonb,
	"pdfUrl" text,
	"reportType" varchar(20) DEFAULT 'full',
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."sop_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"icon" varchar(50),
	"color" varchar(20),
	"sortOrder" integer DEFAULT 0 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."sop_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"categoryId" integer,
	"title" varchar(255) NOT NULL,
	"description" text,
	"objective" text,
	"version" integer DEFAULT 1 NOT NULL,
	"status" varchar(30) DEFAULT 'draft' NOT NULL,
	"applicableTo" jsonb,
	"prerequisites" jsonb,
	"triggers" jsonb,
	"estimatedDuration" integer,
	"priority" varchar(20) DEFAULT 'medium',
	"tags" jsonb,
	"aiEnabled" boolean DEFAULT true NOT NULL,
	"humanApprovalRequired" boolean DEFAULT false NOT NULL,
	"automationLevel" varchar(20) DEFAULT 'semi',
	"metadata" jsonb,
	"lastExecutedAt" timestamp,
	"executionCount" integer DEFAULT 0 NOT NULL,
	"successRate" numeric(5, 2),
	"publishedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."sop_executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"sopId" integer NOT NULL,
	"userId" integer NOT NULL,
	"executorType" varchar(20) NOT NULL,
	"agentSessionId" integer,
	"status" varchar(20) DEFAULT 'in_progress' NOT NULL,
	"currentStepIndex" integer DEFAULT 0 NOT NULL,
	"stepResults" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"context" jsonb,
	"result" jsonb,
	"feedback" text,
	"rating" integer,
	"issues" jsonb,
	"startedAt" timestamp DEFAULT now() NOT NULL,
	"completedAt" timestamp,
	"durationMs" integer,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."sop_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"sopId" integer NOT NULL,
	"stepNumber" integer NOT NULL,
	"title" varchar(255) NOT NULL,
	"instructions" text NOT NULL,
	"actionType" varchar(30) DEFAULT 'manual' NOT NULL,
	"actionConfig" jsonb,
	"conditions" jsonb,
	"alternatives" jsonb,
	"expectedOutcome" text,
	"validationCriteria" jsonb,
	"errorHandling" jsonb,
	"resources" jsonb,
	"examples" jsonb,
	"tips" text,
	"estimatedDuration" integer,
	"timeout" integer,
	"dependsOn" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."agency_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"taskUuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sourceType" varchar(50) NOT NULL,
	"sourceWebhookId" integer,
	"sourceMessageId" integer,
	"conversationId" integer,
	"title" varchar(500) NOT NULL,
	"description" text,
	"originalMessage" text,
	"category" varchar(100) DEFAULT 'general',
	"taskType" varchar(100) NOT NULL,
	"priority" varchar(20) DEFAULT 'medium' NOT NULL,
	"urgency" varchar(20) DEFAULT 'normal' NOT NULL,
	"status" varchar(50) DEFAULT 'pending' NOT NULL,
	"statusReason" text,
	"assignedToBot" boolean DEFAULT true NOT NULL,
	"requiresHumanReview" boolean DEFAULT false NOT NULL,
	"humanReviewedBy" integer,
	"humanReviewedAt" timestamp,
	"executionType" varchar(50) DEFAULT 'automatic',
	"executionConfig" jsonb,
	"scheduledFor" timestamp,
	"deadline" timestamp,
	"dependsOn" jsonb,
	"blockedBy" integer,
	"result" jsonb,
	"resultSummary" text,
	"lastError" text,
	"errorCount" integer DEFAULT 0 NOT NULL,
	"maxRetries" integer DEFAULT 3 NOT NULL,
	"notifyOnComplete" boolean DEFAULT true NOT NULL,
	"notifyOnFailure" boolean DEFAULT true NOT NULL,
	"notificationsSent" jsonb,
	"tags" jsonb,
	"metadata" jsonb,
	"queuedAt" timestamp,
	"startedAt" timestamp,
	"completedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."bot_conversations" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"webhookId" integer,
	"conversationUuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"participantIdentifier" varchar(255) NOT NULL,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"topic" varchar(255),
	"contextSummary" text,
	"contextMemory" jsonb,
	"aiPersonality" varchar(50) DEFAULT 'professional',
	"autoCreateTasks" boolean DEFAULT true NOT NULL,
	"requireConfirmation" boolean DEFAULT false NOT NULL,
	"messageCount" integer DEFAULT 0 NOT NULL,
	"tasksCreated" integer DEFAULT 0 NOT NULL,
	"lastMessageAt" timestamp,
	"startedAt" timestamp DEFAULT now() NOT NULL,
	"resolvedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."inbound_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"webhookId" integer NOT NULL,
	"userId" integer NOT NULL,
	"externalMessageId" varchar(255),
	"senderIdentifier" varchar(255) NOT NULL,
	"senderName" varchar(255),
	"messageType" varchar(50) NOT NULL,
	"content" text NOT NULL,
	"contentParsed" jsonb,
	"hasAttachments" boolean DEFAULT false NOT NULL,
	"attachments" jsonb,
	"processingStatus" varchar(50) DEFAULT 'received' NOT NULL,
	"processingError" text,
	"taskId" integer,
	"conversationId" integer,
	"isPartOfThread" boolean DEFAULT false NOT NULL,
	"parentMessageId" integer,
	"rawPayload" jsonb,
	"providerMetadata" jsonb,
	"receivedAt" timestamp DEFAULT now() NOT NULL,
	"processedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."outbound_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"webhookId" integer NOT NULL,
	"userId" integer NOT NULL,
	"inboundMessageId" integer,
	"taskId" integer,
	"conversationId" integer,
	"messageType" varchar(50) NOT NULL,
	"content" text NOT NULL,
	"recipientIdentifier" varchar(255) NOT NULL,
	"recipientName" varchar(255),
	"deliveryStatus" varchar(50) DEFAULT 'pending' NOT NULL,
	"deliveryError" text,
	"externalMessageId" varchar(255),
	"providerResponse" jsonb,
	"scheduledFor" timestamp,
	"sentAt" timestamp,
	"deliveredAt" timestamp,
	"readAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."task_executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"taskId" integer NOT NULL,
	"executionUuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"attemptNumber" integer DEFAULT 1 NOT NULL,
	"status" varchar(50) DEFAULT 'started' NOT NULL,
	"triggeredBy" varchar(50) NOT NULL,
	"triggeredByUserId" integer,
	"browserSessionId" varchar(255),
	"debugUrl" text,
	"recordingUrl" text,
	"stepsTotal" integer DEFAULT 0 NOT NULL,
	"stepsCompleted" integer DEFAULT 0 NOT NULL,
	"currentStep" varchar(255),
	"stepResults" jsonb,
	"output" jsonb,
	"logs" jsonb,
	"screenshots" jsonb,
	"error" text,
	"errorCode" varchar(100),
	"errorStack" text,
	"duration" integer,
	"resourceUsage" jsonb,
	"startedAt" timestamp DEFAULT now() NOT NULL,
	"completedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."user_webhooks" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"webhookToken" uuid DEFAULT gen_random_uuid() NOT NULL,
	"webhookUrl" text,
	"channelType" varchar(50) NOT NULL,
	"channelName" varchar(100) NOT NULL,
	"channelOrder" integer DEFAULT 1 NOT NULL,
	"providerConfig" jsonb,
	"outboundEnabled" boolean DEFAULT true NOT NULL,
	"outboundConfig" jsonb,
	"isActive" boolean DEFAULT true NOT NULL,
	"isPrimary" boolean DEFAULT false NOT NULL,
	"isVerified" boolean DEFAULT false NOT NULL,
	"verifiedAt" timestamp,
	"verificationCode" varchar(10),
	"verificationCodeExpiresAt" timestamp,
	"tokenExpiresAt" timestamp,
	"tokenRotationRequired" boolean DEFAULT false NOT NULL,
	"secretKey" varchar(64),
	"rateLimitPerMinute" integer DEFAULT 30 NOT NULL,
	"rateLimitPerHour" integer DEFAULT 200 NOT NULL,
	"totalMessagesReceived" integer DEFAULT 0 NOT NULL,
	"totalMessagesSent" integer DEFAULT 0 NOT NULL,
	"lastMessageAt" timestamp,
	"metadata" jsonb,
	"tags" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."webhook_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"webhookId" text NOT NULL,
	"userId" integer NOT NULL,
	"event" varchar(100) NOT NULL,
	"url" text NOT NULL,
	"method" varchar(10) DEFAULT 'POST' NOT NULL,
	"requestHeaders" jsonb,
	"requestBody" jsonb,
	"responseStatus" integer,
	"responseBody" text,
	"responseTime" integer,
	"status" varchar(50) NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"nextRetryAt" timestamp,
	"error" text,
	"errorCode" varchar(100),
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"completedAt" timestamp
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."automation_workflows" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"steps" jsonb NOT NULL,
	"category" varchar(50) DEFAULT 'custom',
	"isTemplate" boolean DEFAULT false NOT NULL,
	"tags" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"isActive" boolean DEFAULT true NOT NULL,
	"executionCount" integer DEFAULT 0 NOT NULL,
	"lastExecutedAt" timestamp,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."cron_job_registry" (
	"id" serial PRIMARY KEY NOT NULL,
	"taskId" integer NOT NULL,
	"jobId" varchar(255) NOT NULL,
	"jobName" varchar(255) NOT NULL,
	"cronExpression" varchar(255) NOT NULL,
	"timezone" varchar(100) DEFAULT 'UTC' NOT NULL,
	"isRunning" boolean DEFAULT false NOT NULL,
	"lastStartedAt" timestamp,
	"lastCompletedAt" timestamp,
	"nextRunAt" timestamp,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL,
	CONSTRAINT "cron_job_registry_taskId_key" UNIQUE("taskId"),
	CONSTRAINT "cron_job_registry_jobId_key" UNIQUE("jobId")
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."scheduled_browser_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"userId" integer NOT NULL,
	"name" varchar(255) NOT NULL,
	"description" text,
	"automationType" varchar(50) NOT NULL,
	"automationConfig" jsonb NOT NULL,
	"scheduleType" varchar(50) NOT NULL,
	"cronExpression" varchar(255) NOT NULL,
	"timezone" varchar(100) DEFAULT 'UTC' NOT NULL,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"nextRun" timestamp,
	"lastRun" timestamp,
	"lastRunStatus" varchar(50),
	"lastRunError" text,
	"lastRunDuration" integer,
	"executionCount" integer DEFAULT 0 NOT NULL,
	"successCount" integer DEFAULT 0 NOT NULL,
	"failureCount" integer DEFAULT 0 NOT NULL,
	"averageDuration" integer DEFAULT 0 NOT NULL,
	"retryOnFailure" boolean DEFAULT true NOT NULL,
	"maxRetries" integer DEFAULT 3 NOT NULL,
	"retryDelay" integer DEFAULT 60 NOT NULL,
	"timeout" integer DEFAULT 300 NOT NULL,
	"notifyOnSuccess" boolean DEFAULT false NOT NULL,
	"notifyOnFailure" boolean DEFAULT true NOT NULL,
	"notificationChannels" jsonb,
	"keepExecutionHistory" boolean DEFAULT true NOT NULL,
	"maxHistoryRecords" integer DEFAULT 100 NOT NULL,
	"tags" jsonb,
	"metadata" jsonb,
	"isActive" boolean DEFAULT true NOT NULL,
	"createdBy" integer NOT NULL,
	"lastModifiedBy" integer NOT NULL,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."scheduled_task_executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"taskId" integer NOT NULL,
	"status" varchar(50) DEFAULT 'queued' NOT NULL,
	"triggerType" varchar(50) NOT NULL,
	"attemptNumber" integer DEFAULT 1 NOT NULL,
	"startedAt" timestamp,
	"completedAt" timestamp,
	"duration" integer,
	"output" jsonb,
	"error" text,
	"logs" jsonb,
	"sessionId" varchar(255),
	"debugUrl" text,
	"recordingUrl" text,
	"metadata" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bottleneck"."workflow_executions" (
	"id" serial PRIMARY KEY NOT NULL,
	"workflowId" integer NOT NULL,
	"sessionId" integer,
	"userId" integer NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"input" jsonb,
	"output" jsonb,
	"error" text,
	"startedAt" timestamp,
	"completedAt" timestamp,
	"duration" integer,
	"stepResults" jsonb,
	"createdAt" timestamp DEFAULT now() NOT NULL,
	"updatedAt" timestamp DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bottleneck"."action_approvals" ADD CONSTRAINT "action_approvals_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."audit_logs" ADD CONSTRAINT "audit_logs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."browser_contexts" ADD CONSTRAINT "browser_contexts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."credentials" ADD CONSTRAINT "credentials_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."execution_controls" ADD CONSTRAINT "execution_controls_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."security_audit_log" ADD CONSTRAINT "security_audit_log_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."security_events" ADD CONSTRAINT "security_events_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."security_events" ADD CONSTRAINT "security_events_resolvedBy_fkey" FOREIGN KEY ("resolvedBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."system_config" ADD CONSTRAINT "system_config_updatedBy_fkey" FOREIGN KEY ("updatedBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ad_analyses" ADD CONSTRAINT "ad_analyses_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ad_recommendations" ADD CONSTRAINT "ad_recommendations_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ad_recommendations" ADD CONSTRAINT "ad_recommendations_analysisId_fkey" FOREIGN KEY ("analysisId") REFERENCES "bottleneck"."ad_analyses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ad_recommendations" ADD CONSTRAINT "ad_recommendations_appliedBy_fkey" FOREIGN KEY ("appliedBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_ad_accounts" ADD CONSTRAINT "meta_ad_accounts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_ad_sets" ADD CONSTRAINT "meta_ad_sets_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_ad_sets" ADD CONSTRAINT "meta_ad_sets_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "bottleneck"."meta_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_ads" ADD CONSTRAINT "meta_ads_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_ads" ADD CONSTRAINT "meta_ads_adSetId_fkey" FOREIGN KEY ("adSetId") REFERENCES "bottleneck"."meta_ad_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_campaigns" ADD CONSTRAINT "meta_campaigns_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."meta_campaigns" ADD CONSTRAINT "meta_campaigns_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "bottleneck"."meta_ad_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agent_executions" ADD CONSTRAINT "agent_executions_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "bottleneck"."agent_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agent_executions" ADD CONSTRAINT "agent_executions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agent_sessions" ADD CONSTRAINT "agent_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."generated_projects" ADD CONSTRAINT "generated_projects_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."generated_projects" ADD CONSTRAINT "generated_projects_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "bottleneck"."agent_executions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."knowledge_entries" ADD CONSTRAINT "knowledge_entries_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."tool_executions" ADD CONSTRAINT "tool_executions_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "bottleneck"."agent_executions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_delivery_queue" ADD CONSTRAINT "alert_delivery_queue_alertHistoryId_fkey" FOREIGN KEY ("alertHistoryId") REFERENCES "bottleneck"."alert_history"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_history" ADD CONSTRAINT "alert_history_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "bottleneck"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_history" ADD CONSTRAINT "alert_history_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_history" ADD CONSTRAINT "alert_history_acknowledgedBy_fkey" FOREIGN KEY ("acknowledgedBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_rules" ADD CONSTRAINT "alert_rules_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_rules" ADD CONSTRAINT "alert_rules_createdBy_fkey" FOREIGN KEY ("createdBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."alert_rules" ADD CONSTRAINT "alert_rules_lastModifiedBy_fkey" FOREIGN KEY ("lastModifiedBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."in_app_notifications" ADD CONSTRAINT "in_app_notifications_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."in_app_notifications" ADD CONSTRAINT "in_app_notifications_alertHistoryId_fkey" FOREIGN KEY ("alertHistoryId") REFERENCES "bottleneck"."alert_history"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."email_verification_tokens" ADD CONSTRAINT "email_verification_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sessions" ADD CONSTRAINT "sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_profiles" ADD CONSTRAINT "user_profiles_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agent_add_ons" ADD CONSTRAINT "agent_add_ons_minTierId_fkey" FOREIGN KEY ("minTierId") REFERENCES "bottleneck"."subscription_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."execution_packs" ADD CONSTRAINT "execution_packs_minTierId_fkey" FOREIGN KEY ("minTierId") REFERENCES "bottleneck"."subscription_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."subscription_usage_records" ADD CONSTRAINT "subscription_usage_records_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."subscription_usage_records" ADD CONSTRAINT "subscription_usage_records_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "bottleneck"."subscription_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_agent_add_ons" ADD CONSTRAINT "user_agent_add_ons_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_agent_add_ons" ADD CONSTRAINT "user_agent_add_ons_addOnId_fkey" FOREIGN KEY ("addOnId") REFERENCES "bottleneck"."agent_add_ons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_execution_packs" ADD CONSTRAINT "user_execution_packs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_execution_packs" ADD CONSTRAINT "user_execution_packs_packId_fkey" FOREIGN KEY ("packId") REFERENCES "bottleneck"."execution_packs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_subscriptions" ADD CONSTRAINT "user_subscriptions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_subscriptions" ADD CONSTRAINT "user_subscriptions_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "bottleneck"."subscription_tiers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."browser_sessions" ADD CONSTRAINT "browser_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_preferences" ADD CONSTRAINT "user_preferences_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."api_token_usage" ADD CONSTRAINT "api_token_usage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."api_token_usage" ADD CONSTRAINT "api_token_usage_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "bottleneck"."task_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."browserbase_costs" ADD CONSTRAINT "browserbase_costs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."browserbase_costs" ADD CONSTRAINT "browserbase_costs_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "bottleneck"."task_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."cost_budgets" ADD CONSTRAINT "cost_budgets_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."daily_cost_summaries" ADD CONSTRAINT "daily_cost_summaries_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."gemini_token_usage" ADD CONSTRAINT "gemini_token_usage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."gemini_token_usage" ADD CONSTRAINT "gemini_token_usage_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "bottleneck"."task_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."storage_costs" ADD CONSTRAINT "storage_costs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."storage_costs" ADD CONSTRAINT "storage_costs_executionId_fkey" FOREIGN KEY ("executionId") REFERENCES "bottleneck"."task_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."email_connections" ADD CONSTRAINT "email_connections_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."email_drafts" ADD CONSTRAINT "email_drafts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."email_drafts" ADD CONSTRAINT "email_drafts_emailId_fkey" FOREIGN KEY ("emailId") REFERENCES "bottleneck"."synced_emails"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."email_drafts" ADD CONSTRAINT "email_drafts_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "bottleneck"."email_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."synced_emails" ADD CONSTRAINT "synced_emails_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."synced_emails" ADD CONSTRAINT "synced_emails_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "bottleneck"."email_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."action_patterns" ADD CONSTRAINT "action_patterns_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."element_selectors" ADD CONSTRAINT "element_selectors_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."error_patterns" ADD CONSTRAINT "error_patterns_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."execution_checkpoints" ADD CONSTRAINT "execution_checkpoints_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."task_success_patterns" ADD CONSTRAINT "task_success_patterns_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_memory" ADD CONSTRAINT "user_memory_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."workflow_patterns" ADD CONSTRAINT "workflow_patterns_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ai_call_campaigns" ADD CONSTRAINT "ai_call_campaigns_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ai_call_campaigns" ADD CONSTRAINT "ai_call_campaigns_listId_fkey" FOREIGN KEY ("listId") REFERENCES "bottleneck"."lead_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ai_calls" ADD CONSTRAINT "ai_calls_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "bottleneck"."ai_call_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ai_calls" ADD CONSTRAINT "ai_calls_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."ai_calls" ADD CONSTRAINT "ai_calls_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "bottleneck"."leads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."lead_lists" ADD CONSTRAINT "lead_lists_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."leads" ADD CONSTRAINT "leads_listId_fkey" FOREIGN KEY ("listId") REFERENCES "bottleneck"."lead_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."leads" ADD CONSTRAINT "leads_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_credits" ADD CONSTRAINT "user_credits_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."documentation_chunks" ADD CONSTRAINT "documentation_chunks_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "bottleneck"."documentation_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."documentation_sources" ADD CONSTRAINT "documentation_sources_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."backlinks" ADD CONSTRAINT "backlinks_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."heatmap_events" ADD CONSTRAINT "heatmap_events_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "bottleneck"."heatmap_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."heatmap_sessions" ADD CONSTRAINT "heatmap_sessions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."keyword_rankings" ADD CONSTRAINT "keyword_rankings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."keyword_research" ADD CONSTRAINT "keyword_research_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."seo_reports" ADD CONSTRAINT "seo_reports_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sop_categories" ADD CONSTRAINT "sop_categories_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sop_documents" ADD CONSTRAINT "sop_documents_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sop_documents" ADD CONSTRAINT "sop_documents_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "bottleneck"."sop_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sop_executions" ADD CONSTRAINT "sop_executions_sopId_fkey" FOREIGN KEY ("sopId") REFERENCES "bottleneck"."sop_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sop_executions" ADD CONSTRAINT "sop_executions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."sop_steps" ADD CONSTRAINT "sop_steps_sopId_fkey" FOREIGN KEY ("sopId") REFERENCES "bottleneck"."sop_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agency_tasks" ADD CONSTRAINT "agency_tasks_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agency_tasks" ADD CONSTRAINT "agency_tasks_sourceWebhookId_fkey" FOREIGN KEY ("sourceWebhookId") REFERENCES "bottleneck"."user_webhooks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agency_tasks" ADD CONSTRAINT "agency_tasks_sourceMessageId_fkey" FOREIGN KEY ("sourceMessageId") REFERENCES "bottleneck"."inbound_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agency_tasks" ADD CONSTRAINT "agency_tasks_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "bottleneck"."bot_conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agency_tasks" ADD CONSTRAINT "agency_tasks_humanReviewedBy_fkey" FOREIGN KEY ("humanReviewedBy") REFERENCES "bottleneck"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."agency_tasks" ADD CONSTRAINT "agency_tasks_blockedBy_fkey" FOREIGN KEY ("blockedBy") REFERENCES "bottleneck"."agency_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."bot_conversations" ADD CONSTRAINT "bot_conversations_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."bot_conversations" ADD CONSTRAINT "bot_conversations_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "bottleneck"."user_webhooks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."inbound_messages" ADD CONSTRAINT "inbound_messages_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "bottleneck"."user_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."inbound_messages" ADD CONSTRAINT "inbound_messages_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."inbound_messages" ADD CONSTRAINT "inbound_messages_parentMessageId_fkey" FOREIGN KEY ("parentMessageId") REFERENCES "bottleneck"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."outbound_messages" ADD CONSTRAINT "outbound_messages_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "bottleneck"."user_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."outbound_messages" ADD CONSTRAINT "outbound_messages_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."outbound_messages" ADD CONSTRAINT "outbound_messages_inboundMessageId_fkey" FOREIGN KEY ("inboundMessageId") REFERENCES "bottleneck"."inbound_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."outbound_messages" ADD CONSTRAINT "outbound_messages_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "bottleneck"."agency_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."outbound_messages" ADD CONSTRAINT "outbound_messages_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "bottleneck"."bot_conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."task_executions" ADD CONSTRAINT "task_executions_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "bottleneck"."agency_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."task_executions" ADD CONSTRAINT "task_executions_triggeredByUserId_fkey" FOREIGN KEY ("triggeredByUserId") REFERENCES "bottleneck"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."user_webhooks" ADD CONSTRAINT "user_webhooks_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."webhook_logs" ADD CONSTRAINT "webhook_logs_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."automation_workflows" ADD CONSTRAINT "automation_workflows_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."cron_job_registry" ADD CONSTRAINT "cron_job_registry_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "bottleneck"."scheduled_browser_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."scheduled_browser_tasks" ADD CONSTRAINT "scheduled_browser_tasks_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."scheduled_browser_tasks" ADD CONSTRAINT "scheduled_browser_tasks_createdBy_fkey" FOREIGN KEY ("createdBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."scheduled_browser_tasks" ADD CONSTRAINT "scheduled_browser_tasks_lastModifiedBy_fkey" FOREIGN KEY ("lastModifiedBy") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."scheduled_task_executions" ADD CONSTRAINT "scheduled_task_executions_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "bottleneck"."scheduled_browser_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."workflow_executions" ADD CONSTRAINT "workflow_executions_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "bottleneck"."automation_workflows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."workflow_executions" ADD CONSTRAINT "workflow_executions_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "bottleneck"."browser_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bottleneck"."workflow_executions" ADD CONSTRAINT "workflow_executions_userId_fkey" FOREIGN KEY ("userId") REFERENCES "bottleneck"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_verification_user_id_idx" ON "bottleneck"."email_verification_tokens" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "email_verification_token_idx" ON "bottleneck"."email_verification_tokens" USING btree ("token");--> statement-breakpoint
CREATE INDEX "email_verification_expires_at_idx" ON "bottleneck"."email_verification_tokens" USING btree ("expiresAt");--> statement-breakpoint
CREATE INDEX "login_attempts_email_idx" ON "bottleneck"."login_attempts" USING btree ("email");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_idx" ON "bottleneck"."login_attempts" USING btree ("ipAddress");--> statement-breakpoint
CREATE INDEX "login_attempts_email_attempted_at_idx" ON "bottleneck"."login_attempts" USING btree ("email","attemptedAt");--> statement-breakpoint
CREATE INDEX "login_attempts_attempted_at_idx" ON "bottleneck"."login_attempts" USING btree ("attemptedAt");--> statement-breakpoint
CREATE INDEX "password_reset_user_id_idx" ON "bottleneck"."password_reset_tokens" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "password_reset_token_idx" ON "bottleneck"."password_reset_tokens" USING btree ("token");--> statement-breakpoint
CREATE INDEX "password_reset_expires_at_idx" ON "bottleneck"."password_reset_tokens" USING btree ("expiresAt");--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "bottleneck"."users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_login_method_idx" ON "bottleneck"."users" USING btree ("loginMethod");--> statement-breakpoint
CREATE INDEX "users_email_login_method_idx" ON "bottleneck"."users" USING btree ("email","loginMethod");--> statement-breakpoint
CREATE INDEX "api_token_usage_user_id_idx" ON "bottleneck"."api_token_usage" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "api_token_usage_execution_id_idx" ON "bottleneck"."api_token_usage" USING btree ("executionId");--> statement-breakpoint
CREATE INDEX "api_token_usage_model_idx" ON "bottleneck"."api_token_usage" USING btree ("model");--> statement-breakpoint
CREATE INDEX "api_token_usage_created_at_idx" ON "bottleneck"."api_token_usage" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "api_token_usage_user_created_idx" ON "bottleneck"."api_token_usage" USING btree ("userId","createdAt");--> statement-breakpoint
CREATE INDEX "browserbase_costs_user_id_idx" ON "bottleneck"."browserbase_costs" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "browserbase_costs_execution_id_idx" ON "bottleneck"."browserbase_costs" USING btree ("executionId");--> statement-breakpoint
CREATE INDEX "browserbase_costs_session_id_idx" ON "bottleneck"."browserbase_costs" USING btree ("sessionId");--> statement-breakpoint
CREATE INDEX "browserbase_costs_status_idx" ON "bottleneck"."browserbase_costs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "browserbase_costs_created_at_idx" ON "bottleneck"."browserbase_costs" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "browserbase_costs_user_created_idx" ON "bottleneck"."browserbase_costs" USING btree ("userId","createdAt");--> statement-breakpoint
CREATE INDEX "cost_budgets_user_id_idx" ON "bottleneck"."cost_budgets" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "cost_budgets_is_active_idx" ON "bottleneck"."cost_budgets" USING btree ("isActive");--> statement-breakpoint
CREATE INDEX "daily_cost_summaries_user_id_idx" ON "bottleneck"."daily_cost_summaries" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "daily_cost_summaries_date_idx" ON "bottleneck"."daily_cost_summaries" USING btree ("date");--> statement-breakpoint
CREATE UNIQUE INDEX "daily_cost_summaries_user_date_idx" ON "bottleneck"."daily_cost_summaries" USING btree ("userId","date");--> statement-breakpoint
CREATE INDEX "gemini_token_usage_user_id_idx" ON "bottleneck"."gemini_token_usage" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "gemini_token_usage_execution_id_idx" ON "bottleneck"."gemini_token_usage" USING btree ("executionId");--> statement-breakpoint
CREATE INDEX "gemini_token_usage_model_idx" ON "bottleneck"."gemini_token_usage" USING btree ("model");--> statement-breakpoint
CREATE INDEX "gemini_token_usage_created_at_idx" ON "bottleneck"."gemini_token_usage" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "gemini_token_usage_user_created_idx" ON "bottleneck"."gemini_token_usage" USING btree ("userId","createdAt");--> statement-breakpoint
CREATE INDEX "storage_costs_user_id_idx" ON "bottleneck"."storage_costs" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "storage_costs_execution_id_idx" ON "bottleneck"."storage_costs" USING btree ("executionId");--> statement-breakpoint
CREATE INDEX "storage_costs_provider_idx" ON "bottleneck"."storage_costs" USING btree ("provider");--> statement-breakpoint
CREATE INDEX "storage_costs_operation_type_idx" ON "bottleneck"."storage_costs" USING btree ("operationType");--> statement-breakpoint
CREATE INDEX "storage_costs_created_at_idx" ON "bottleneck"."storage_costs" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "storage_costs_user_created_idx" ON "bottleneck"."storage_costs" USING btree ("userId","createdAt");--> statement-breakpoint
CREATE INDEX "action_patterns_task_type_idx" ON "bottleneck"."action_patterns" USING btree ("taskType");--> statement-breakpoint
CREATE INDEX "action_patterns_user_id_idx" ON "bottleneck"."action_patterns" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "element_selectors_page_path_idx" ON "bottleneck"."element_selectors" USING btree ("pagePath");--> statement-breakpoint
CREATE INDEX "element_selectors_element_name_idx" ON "bottleneck"."element_selectors" USING btree ("elementName");--> statement-breakpoint
CREATE INDEX "element_selectors_user_id_idx" ON "bottleneck"."element_selectors" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "error_patterns_error_type_idx" ON "bottleneck"."error_patterns" USING btree ("errorType");--> statement-breakpoint
CREATE INDEX "error_patterns_context_idx" ON "bottleneck"."error_patterns" USING btree ("context");--> statement-breakpoint
CREATE INDEX "error_patterns_user_id_idx" ON "bottleneck"."error_patterns" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "execution_checkpoint_id_idx" ON "bottleneck"."execution_checkpoints" USING btree ("checkpointId");--> statement-breakpoint
CREATE INDEX "execution_checkpoint_execution_id_idx" ON "bottleneck"."execution_checkpoints" USING btree ("executionId");--> statement-breakpoint
CREATE INDEX "execution_checkpoint_user_id_idx" ON "bottleneck"."execution_checkpoints" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "execution_checkpoint_created_at_idx" ON "bottleneck"."execution_checkpoints" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "execution_checkpoint_expires_at_idx" ON "bottleneck"."execution_checkpoints" USING btree ("expiresAt");--> statement-breakpoint
CREATE INDEX "task_success_user_id_idx" ON "bottleneck"."task_success_patterns" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "task_success_task_type_idx" ON "bottleneck"."task_success_patterns" USING btree ("taskType");--> statement-breakpoint
CREATE INDEX "task_success_success_rate_idx" ON "bottleneck"."task_success_patterns" USING btree ("successRate");--> statement-breakpoint
CREATE INDEX "task_success_confidence_idx" ON "bottleneck"."task_success_patterns" USING btree ("confidence");--> statement-breakpoint
CREATE UNIQUE INDEX "user_memory_user_id_idx" ON "bottleneck"."user_memory" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "workflow_pattern_user_id_idx" ON "bottleneck"."workflow_patterns" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "workflow_pattern_category_idx" ON "bottleneck"."workflow_patterns" USING btree ("category");--> statement-breakpoint
CREATE INDEX "workflow_pattern_public_idx" ON "bottleneck"."workflow_patterns" USING btree ("isPublic");--> statement-breakpoint
CREATE INDEX "workflow_pattern_system_idx" ON "bottleneck"."workflow_patterns" USING btree ("isSystemPattern");--> statement-breakpoint
CREATE INDEX "documentation_chunks_embedding_idx" ON "bottleneck"."documentation_chunks" USING hnsw ("embedding" vector_cosine_ops);--> statement-breakpoint
CREATE INDEX "agency_tasks_user_id_idx" ON "bottleneck"."agency_tasks" USING btree ("userId");--> statement-breakpoint
CREATE UNIQUE INDEX "agency_tasks_uuid_idx" ON "bottleneck"."agency_tasks" USING btree ("taskUuid");--> statement-breakpoint
CREATE INDEX "agency_tasks_status_idx" ON "bottleneck"."agency_tasks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "agency_tasks_priority_idx" ON "bottleneck"."agency_tasks" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "agency_tasks_task_type_idx" ON "bottleneck"."agency_tasks" USING btree ("taskType");--> statement-breakpoint
CREATE INDEX "agency_tasks_scheduled_for_idx" ON "bottleneck"."agency_tasks" USING btree ("scheduledFor");--> statement-breakpoint
CREATE INDEX "agency_tasks_conversation_id_idx" ON "bottleneck"."agency_tasks" USING btree ("conversationId");--> statement-breakpoint
CREATE INDEX "agency_tasks_user_status_idx" ON "bottleneck"."agency_tasks" USING btree ("userId","status");--> statement-breakpoint
CREATE INDEX "agency_tasks_pending_bot_idx" ON "bottleneck"."agency_tasks" USING btree ("status","assignedToBot","scheduledFor");--> statement-breakpoint
CREATE INDEX "bot_conversations_user_id_idx" ON "bottleneck"."bot_conversations" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "bot_conversations_webhook_id_idx" ON "bottleneck"."bot_conversations" USING btree ("webhookId");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_conversations_uuid_idx" ON "bottleneck"."bot_conversations" USING btree ("conversationUuid");--> statement-breakpoint
CREATE INDEX "bot_conversations_participant_idx" ON "bottleneck"."bot_conversations" USING btree ("participantIdentifier");--> statement-breakpoint
CREATE INDEX "bot_conversations_status_idx" ON "bottleneck"."bot_conversations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "bot_conversations_user_participant_idx" ON "bottleneck"."bot_conversations" USING btree ("userId","participantIdentifier");--> statement-breakpoint
CREATE INDEX "inbound_messages_webhook_id_idx" ON "bottleneck"."inbound_messages" USING btree ("webhookId");--> statement-breakpoint
CREATE INDEX "inbound_messages_user_id_idx" ON "bottleneck"."inbound_messages" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "inbound_messages_sender_idx" ON "bottleneck"."inbound_messages" USING btree ("senderIdentifier");--> statement-breakpoint
CREATE INDEX "inbound_messages_status_idx" ON "bottleneck"."inbound_messages" USING btree ("processingStatus");--> statement-breakpoint
CREATE INDEX "inbound_messages_conversation_idx" ON "bottleneck"."inbound_messages" USING btree ("conversationId");--> statement-breakpoint
CREATE INDEX "inbound_messages_received_at_idx" ON "bottleneck"."inbound_messages" USING btree ("receivedAt");--> statement-breakpoint
CREATE INDEX "inbound_messages_user_webhook_idx" ON "bottleneck"."inbound_messages" USING btree ("userId","webhookId");--> statement-breakpoint
CREATE INDEX "outbound_messages_webhook_id_idx" ON "bottleneck"."outbound_messages" USING btree ("webhookId");--> statement-breakpoint
CREATE INDEX "outbound_messages_user_id_idx" ON "bottleneck"."outbound_messages" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "outbound_messages_task_id_idx" ON "bottleneck"."outbound_messages" USING btree ("taskId");--> statement-breakpoint
CREATE INDEX "outbound_messages_conversation_id_idx" ON "bottleneck"."outbound_messages" USING btree ("conversationId");--> statement-breakpoint
CREATE INDEX "outbound_messages_delivery_status_idx" ON "bottleneck"."outbound_messages" USING btree ("deliveryStatus");--> statement-breakpoint
CREATE INDEX "outbound_messages_scheduled_for_idx" ON "bottleneck"."outbound_messages" USING btree ("scheduledFor");--> statement-breakpoint
CREATE INDEX "outbound_messages_pending_idx" ON "bottleneck"."outbound_messages" USING btree ("deliveryStatus","scheduledFor");--> statement-breakpoint
CREATE INDEX "task_executions_task_id_idx" ON "bottleneck"."task_executions" USING btree ("taskId");--> statement-breakpoint
CREATE UNIQUE INDEX "task_executions_uuid_idx" ON "bottleneck"."task_executions" USING btree ("executionUuid");--> statement-breakpoint
CREATE INDEX "task_executions_status_idx" ON "bottleneck"."task_executions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "task_executions_started_at_idx" ON "bottleneck"."task_executions" USING btree ("startedAt");--> statement-breakpoint
CREATE INDEX "task_executions_browser_session_idx" ON "bottleneck"."task_executions" USING btree ("browserSessionId");--> statement-breakpoint
CREATE INDEX "user_webhooks_user_id_idx" ON "bottleneck"."user_webhooks" USING btree ("userId");--> statement-breakpoint
CREATE UNIQUE INDEX "user_webhooks_token_idx" ON "bottleneck"."user_webhooks" USING btree ("webhookToken");--> statement-breakpoint
CREATE INDEX "user_webhooks_channel_type_idx" ON "bottleneck"."user_webhooks" USING btree ("channelType");--> statement-breakpoint
CREATE INDEX "user_webhooks_is_active_idx" ON "bottleneck"."user_webhooks" USING btree ("isActive");--> statement-breakpoint
CREATE INDEX "user_webhooks_user_channel_idx" ON "bottleneck"."user_webhooks" USING btree ("userId","channelType");--> statement-breakpoint
CREATE INDEX "webhook_logs_webhook_id_idx" ON "bottleneck"."webhook_logs" USING btree ("webhookId");--> statement-breakpoint
CREATE INDEX "webhook_logs_user_id_idx" ON "bottleneck"."webhook_logs" USING btree ("userId");--> statement-breakpoint
CREATE INDEX "webhook_logs_status_idx" ON "bottleneck"."webhook_logs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "webhook_logs_event_idx" ON "bottleneck"."webhook_logs" USING btree ("event");--> statement-breakpoint
CREATE INDEX "webhook_logs_created_at_idx" ON "bottleneck"."webhook_logs" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "webhook_logs_next_retry_at_idx" ON "bottleneck"."webhook_logs" USING btree ("nextRetryAt");--> statement-breakpoint
CREATE INDEX "webhook_logs_user_webhook_idx" ON "bottleneck"."webhook_logs" USING btree ("userId","webhookId");--> statement-breakpoint
CREATE INDEX "webhook_logs_status_retry_idx" ON "bottleneck"."webhook_logs" USING btree ("status","nextRetryAt");--> statement-breakpoint
CREATE INDEX "webhook_logs_user_status_idx" ON "bottleneck"."webhook_logs" USING btree ("userId","status");