/** What a describer needs besides the objects: the moment ages are measured from and the zone times print in. */
export interface DescribeContext {
  /** kubectl measures every age against its own clock; kubesim passes the clock's now. */
  now: Date;
  /** IANA zone for absolute times; absent means the process's local zone, as kubectl prints. */
  timeZone?: string;
}
