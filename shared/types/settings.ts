/** Settings the user changes in the app (more to come); each has a default. */
export interface AppSettings {
  /** Own certificates are badged "Expiring soon" this many days before they expire. */
  expiringSoonDays: number;
}

export const EXPIRING_SOON_LIMITS = { min: 1, max: 3650, default: 30 } as const;
