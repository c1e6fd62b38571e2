-- Withdrawing consent to employer matching closes the person's open applications (SECURITY.md row 6):
-- they move to 'withdrawn', which employers no longer see and cannot move on.
ALTER TABLE applications DROP CONSTRAINT IF EXISTS applications_stage_check;
ALTER TABLE applications ADD CONSTRAINT applications_stage_check
    CHECK (stage IN ('shortlisted', 'interview', 'offer', 'hired', 'rejected', 'withdrawn'));
