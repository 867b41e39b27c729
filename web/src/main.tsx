import { render } from 'preact';
import { App } from './app.js';
import { preloadRuleMessages } from './rule-messages.js';
import './styles.css';

preloadRuleMessages();
render(<App />, document.getElementById('app')!);
