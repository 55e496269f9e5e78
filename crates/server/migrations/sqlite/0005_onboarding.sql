-- R-TOUR-3: where each user stands in the tour, so it resumes on any device.
ALTER TABLE users ADD COLUMN onboarding_status TEXT NOT NULL DEFAULT 'not_started'
    CHECK (onboarding_status IN ('not_started', 'running', 'completed', 'dismissed'));
ALTER TABLE users ADD COLUMN onboarding_step INTEGER NOT NULL DEFAULT 0;
