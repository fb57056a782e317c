import { compareUrgency, type Urgency } from "./urgency.js";

/** Items kept in urgency order: the most urgent first. Small queues, so a sorted array. */
export class UrgencyQueue<T extends { urgency: Urgency }> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  insert(item: T): void {
    this.items.splice(this.rankOf(item.urgency), 0, item);
  }

  /** The items that come before a newcomer of this urgency. */
  ahead(urgency: Urgency): T[] {
    return this.items.slice(0, this.rankOf(urgency));
  }

  /** Removes an item wherever it is; false when it was not queued. */
  remove(item: T): boolean {
    const index = this.items.indexOf(item);
    if (index < 0) return false;
    this.items.splice(index, 1);
    return true;
  }

  private rankOf(urgency: Urgency): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareUrgency(this.items[mid]!.urgency, urgency) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
