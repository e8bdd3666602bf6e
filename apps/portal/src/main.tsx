import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './portal.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider defaultColorScheme="light">
      <BrowserRouter basename="/portal">
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
