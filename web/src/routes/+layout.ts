// Client-rendered SPA: the API serves index.html for every app path.
export const ssr = false;
export const prerender = false;
