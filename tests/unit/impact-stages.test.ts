import { describe, expect, it } from 'vitest';
import { stageClosedReason } from '../../src/modules/impact/diagnostics.js';

describe('when a diagnostic stage can be answered', () => {
  it('«до» while the pair is active and not yet answered', () => {
    expect(stageClosedReason('active', false, false, 'before')).toBeNull();
    expect(stageClosedReason('forming', false, false, 'before')).toMatch(/пока пара активна/);
    expect(stageClosedReason('completed', true, false, 'before')).toMatch(/пока пара активна/);
    expect(stageClosedReason('active', false, true, 'before')).toMatch(/уже заполнена/);
  });

  it('«после» once the final meeting is logged, or after completion; never for a pair stopped early', () => {
    expect(stageClosedReason('active', false, false, 'after')).toMatch(/после итоговой встречи/);
    expect(stageClosedReason('active', true, false, 'after')).toBeNull();
    expect(stageClosedReason('completed', true, false, 'after')).toBeNull();
    expect(stageClosedReason('terminated', true, false, 'after')).toMatch(/не работает/);
    expect(stageClosedReason('completed', true, true, 'after')).toMatch(/уже заполнена/);
  });
});
