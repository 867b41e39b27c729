import { DateTime, IANAZone, Zone } from 'luxon';

// "Today" in the bureau's zone is asked for on every write, and luxon computes an IANA zone's offset
// with Intl.DateTimeFormat each time (tens of microseconds). This zone is the same IANA zone with its
// offset remembered for the current minute: luxon treats it as equal to the named zone (so setZone
// to that name is free), and every date it gives is the one the named zone gives.

const MINUTE_MS = 60_000;

class RememberedOffsetZone extends Zone {
  private minute = Number.NaN;
  private minuteOffset = 0;

  constructor(private readonly zone: IANAZone) {
    super();
  }

  override get type(): string {
    return 'iana';
  }

  override get name(): string {
    return this.zone.name;
  }

  get ianaName(): string {
    return this.zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override offsetName(ts: number, options: { format?: 'short' | 'long'; locale?: string }): string | null {
    return this.zone.offsetName(ts, options as { format: 'short' | 'long'; locale: string });
  }

  override formatOffset(ts: number, format: 'narrow' | 'short' | 'techie'): string {
    return this.zone.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const minute = Math.floor(ts / MINUTE_MS);
    if (minute === this.minute) return this.minuteOffset;
    const offset = this.zone.offset(ts);
    // Remembered only when the whole minute has one offset (zones change offset on minute boundaries).
    const start = minute * MINUTE_MS;
    if (this.zone.offset(start) === offset && this.zone.offset(start + MINUTE_MS - 1) === offset) {
      this.minute = minute;
      this.minuteOffset = offset;
    }
    return offset;
  }

  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.zone.name;
  }

  override get isValid(): boolean {
    return this.zone.isValid;
  }
}

/** Converts instants to the given IANA zone, cheaply for instants close together in time. */
export function zoneConverter(timezone: string): (instant: DateTime) => DateTime {
  const iana = IANAZone.create(timezone);
  if (!iana.isValid) return (instant) => instant.setZone(timezone);
  const zone = new RememberedOffsetZone(iana);
  return (instant) => DateTime.fromMillis(instant.toMillis(), { zone, locale: instant.locale ?? undefined });
}
