-- Issue 12: the employer records that the candidate withdrew ("kandidat mengundurkan diri"), a
-- final stage the employer still sees (unlike 'withdrawn', set when consent is withdrawn).
ALTER TABLE applications DROP CONSTRAINT IF EXISTS applications_stage_check;
ALTER TABLE applications ADD CONSTRAINT applications_stage_check
    CHECK (stage IN ('shortlisted', 'interview', 'offer', 'hired', 'rejected', 'withdrawn', 'candidate_withdrew'));
