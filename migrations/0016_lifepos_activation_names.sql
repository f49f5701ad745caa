-- A workplace's activation code is issued for an employee and, optionally, an outlet: the columns
-- holding them say so (they were code_employee_guid and code_outlet_guid).
ALTER TABLE lifepos_workplaces RENAME COLUMN code_employee_guid TO activation_employee_guid;
ALTER TABLE lifepos_workplaces RENAME COLUMN code_outlet_guid TO activation_outlet_guid;
