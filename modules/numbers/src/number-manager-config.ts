// The system_config category every number setting lives in (Kazoo's ?KNM_CONFIG_CAT).
export const NUMBER_MANAGER_CATEGORY = 'number_manager';
