export { serialiseer, schrijfDeclaratie, escapeXml } from './schrijf';
