import type { Messages, Role } from './i18n/zh.js';

export interface NavItem {
  path: string;
  key: keyof Messages['nav'];
  roles: Role[];
}

/** Each role sees the pages of its job (the register still checks every request). */
export const navItems: NavItem[] = [
  { path: '/cases', key: 'cases', roles: ['inspector', 'auditor'] },
  { path: '/cases/new', key: 'newCase', roles: ['inspector'] },
  { path: '/personnel', key: 'personnel', roles: ['hr', 'admin'] },
  { path: '/alerts', key: 'alerts', roles: ['inspector', 'auditor'] },
  { path: '/officers', key: 'roster', roles: ['hr', 'inspector', 'auditor'] },
  { path: '/rotation', key: 'rotation', roles: ['hr', 'inspector', 'auditor'] },
  { path: '/rectifications', key: 'rectifications', roles: ['inspector', 'hr', 'auditor'] },
  { path: '/history', key: 'history', roles: ['inspector', 'hr', 'auditor', 'admin'] },
  { path: '/audit/events', key: 'events', roles: ['auditor'] },
  { path: '/audit/verify', key: 'verify', roles: ['auditor'] },
  { path: '/statistics', key: 'statistics', roles: ['inspector', 'hr', 'auditor', 'admin'] },
];
