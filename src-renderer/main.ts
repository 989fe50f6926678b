/** Entry: make sure window.ecg exists (preload or WebSocket), build the app's state, mount the shell. */
import { mount } from 'svelte';
import { installBridge } from './api/bridge.js';
import App from './App.svelte';
import './app.css';
import { createAppState } from './state/app-state.svelte.js';

const app = createAppState(installBridge((reason) => app.connectionLost(reason)), window.location.hash, window.localStorage);
mount(App, { target: document.getElementById('app')!, props: { app } });
