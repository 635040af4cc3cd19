import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installThemeAttribute } from './app/theme';
import './styles/index.css';

installThemeAttribute();

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element to render Quorum into.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
