export const SIM_SERVER_VERSION = 193;
