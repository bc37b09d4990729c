export { main, buildProgram } from './main.ts';
export { startCauseway, type RunningCauseway } from './causeway-service.ts';
