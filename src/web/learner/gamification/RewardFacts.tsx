/** A reward's cost and stock as chips, the same in the learner's shop and the admin's catalogue. */
import type { Reward } from '../../lib/gamification-types.ts';
import { describeStock, formatPoints } from './points-format.ts';

export function RewardFacts({ reward }: { reward: Pick<Reward, 'cost' | 'stock'> }) {
  return (
    <p className="reward-facts">
      <span className="chip chip-time">{formatPoints(reward.cost)}</span>
      <span className={reward.stock === 0 ? 'chip chip-error' : 'chip'}>{describeStock(reward.stock)}</span>
    </p>
  );
}
