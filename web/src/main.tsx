import { render } from 'preact';
import { App } from './app.js';
import { preloadRuleMessages } from './rule-messages.js';
import { webConfigReady } from './web-config.js';
import './styles.css';

preloadRuleMessages();
// Dates and times are shown in the bureau's zone: the pages start once the register has named it.
void webConfigReady().then(() => render(<App />, document.getElementById('app')!));
