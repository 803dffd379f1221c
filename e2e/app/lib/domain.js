// Vocabulary shared by the app and the factories. (Migrations keep their own
// literals: a migration is history and must not change when this file does.)
export const ROLE_NAMES = ['admin', 'editor', 'viewer'];
export const PROJECT_STATUSES = ['draft', 'active', 'archived'];
