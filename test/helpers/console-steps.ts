// Steps the tmux tests of the whole console share.
import type { TmuxSession } from './tmux.js';

/**
 * The pod table has its first list (the breadcrumb counts the pods) and the
 * header says live. Pods open in name order, so no particular pod is promised
 * on the first screen of a small terminal.
 */
export function livePodTable(screen: string): boolean {
  return /pods\(all\) \[\d+\]/.test(screen) && /● live/.test(screen.split('\n')[0]!);
}

/** `:dp shop`, then `/web`: the deployments view narrowed to shop/web, the cursor on it. */
export async function filterToShopWeb(t: TmuxSession): Promise<void> {
  await t.type(':dp shop');
  await t.sendKeys('Enter');
  await t.waitFor(/deployments\(shop\)/);
  await t.type('/web');
  await t.sendKeys('Enter');
  await t.waitFor(/deployments\(shop\) \[1\/\d+\] \/web/);
}
