/**
 * Which events a charm reconciles on, declared once instead of hand-written sets of hook kinds:
 *
 *   const observes = eventFilter({
 *     kinds: ["install", "config-changed", "secret-changed"],
 *     relations: { endpoints: ["db"], kinds: ["relation-changed", "relation-broken"] },
 *     containers: { names: ["web"], kinds: ["pebble-ready"] },
 *   });
 *   if (!observes(ctx.event)) return;
 */
import { matchesFilter } from "./event-scope.js";
import type {
  JujuEvent,
  PebbleCheckEvent,
  PebbleCustomNoticeEvent,
  PebbleReadyEvent,
  RelationEvent,
} from "./events.js";
import { isRelationEvent } from "./events.js";

type ContainerEvent = PebbleReadyEvent | PebbleCustomNoticeEvent | PebbleCheckEvent;
type ContainerEventKind = ContainerEvent["kind"];
type RelationEventKind = RelationEvent["kind"];
/** Kinds not scoped to an endpoint or a container: lifecycle, secret, storage and action events. */
type UnscopedKind = Exclude<JujuEvent["kind"], RelationEventKind | ContainerEventKind>;

export interface EventFilterSpec {
  /** Events of these kinds match, whatever they are about. */
  readonly kinds?: readonly UnscopedKind[];
  /** Relation events on these endpoints; of the listed kinds, or of all five when `kinds` is absent. */
  readonly relations?: {
    readonly endpoints: readonly string[];
    readonly kinds?: readonly RelationEventKind[];
  };
  /** Pebble events of these containers; of the listed kinds, or of every Pebble kind when absent. */
  readonly containers?: {
    readonly names: readonly string[];
    readonly kinds?: readonly ContainerEventKind[];
  };
}

/** A predicate over events that is true exactly for the events `spec` lists. */
export function eventFilter(spec: EventFilterSpec): (event: JujuEvent) => boolean {
  return (event) =>
    matchesFilter(spec, {
      kind: event.kind,
      ...(isRelationEvent(event) ? { endpoint: event.endpoint } : {}),
      ...("container" in event ? { container: event.container } : {}),
    });
}
