import t from 'tap';
import { postDecider } from '../../src/domain/deciders.js';
import { DefinePostInput } from '../../src/domain/post/commands.js';
import { postSnapshot } from '../../src/domain/post/state.js';
import { at, hr } from '../fixtures/domain-context.js';
import { postDefined, posts } from '../fixtures/domain-events.js';
import { fold, specification } from '../fixtures/specification.js';

const given = specification(postDecider, () => at('2021-06-15T10:00', hr));

t.test('defining a post', async (t) => {
  const input = DefinePostInput.parse({ postId: 'P-FINES', unitId: 'U-BRIGADE', title: '罚没款管理岗', enforcement: true, sensitive: true, rotationPeriodMonths: 60 });
  given([]).when({ type: 'DefinePost', input, unitExists: true }).then(t, [{ type: 'PostDefined', data: posts.fines }]);
  given([]).when({ type: 'DefinePost', input, unitExists: false }).thenRefuses(t, 'unknown_unit');
  given([postDefined(posts.fines)]).when({ type: 'DefinePost', input, unitExists: true }).thenRefuses(t, 'post_already_defined');
  const plain = DefinePostInput.parse({ postId: 'P-ARCHIVE', unitId: 'U-OFFICE', title: '档案管理岗', enforcement: false, sensitive: false });
  given([]).when({ type: 'DefinePost', input: plain, unitExists: true }).then(t, [{ type: 'PostDefined', data: posts.archive }]);
});

t.test('a sensitive post needs a rotation period (a 400 from the schema)', async (t) => {
  const result = DefinePostInput.safeParse({ postId: 'P-X', unitId: 'U-BRIGADE', title: '岗', enforcement: false, sensitive: true });
  t.notOk(result.success);
  t.same(result.error?.issues.map((i) => i.path.join('.')), ['rotationPeriodMonths']);
  t.notOk(DefinePostInput.safeParse({ postId: 'P-X', unitId: 'U-BRIGADE', title: '岗', enforcement: false, sensitive: true, rotationPeriodMonths: 0 }).success);
  t.notOk(DefinePostInput.safeParse({ postId: 'bad id', unitId: 'U-BRIGADE', title: '岗', enforcement: false, sensitive: false }).success);
});

t.test('a second definition of a post changes nothing (a change of a post is its own event: post-change.test.ts)', async (t) => {
  const state = fold(postDecider, [postDefined(posts.fines), postDefined({ ...posts.fines, title: 'changed' })]);
  t.same(postSnapshot(state), posts.fines);
  t.equal(postSnapshot(postDecider.initialState), null);
});
