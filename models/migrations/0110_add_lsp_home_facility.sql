-- A first-party LSP (P1) set up inside a Lapas certifies only the people of that facility.
ALTER TABLE lsps ADD COLUMN IF NOT EXISTS home_facility_id bigint REFERENCES facilities (id);
